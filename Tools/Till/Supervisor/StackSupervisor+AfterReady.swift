import Foundation
import Logging
import TillAPI
import TillService
import TillWire

extension StackSupervisor {
    /// Runs once every process is ready and `stack.env` / `stack.json` are written, before
    /// `till up` announces the stack (and, with `--detach`, returns).
    ///
    /// Pings every replica of every service over the wire protocol, signing with the stack's
    /// cluster key, and prints one line per replica (never a secret). Throwing stops the stack
    /// and reports the error like any start-up failure.
    func afterReady(stack: ReadyStack) async throws {
        let key = try stack.plan.environment.require("TILL_CLUSTER_KEY", in: stack.layout.environmentFile)
        for service in ["inventory", "payments", "shipping", "orchestrator"] {
            guard let addresses = stack.plan.environment["TILL_\(service.uppercased())_ADDR"], !addresses.isEmpty else {
                continue
            }
            for address in try PeerAddress.list(addresses) {
                let line = try await WirePing.check(service: service, address: address, key: key)
                self.console.line(line)
            }
        }
    }
}

/// One `<service>.ping` and `<service>.health` over a fresh, authenticated connection.
enum WirePing {
    static func check(service: String, address: PeerAddress, key: String) async throws -> String {
        var configuration = RPCClientConfiguration(addresses: [address], clientName: "till-up", key: SecretKey(key))
        configuration.connectionsPerAddress = 1
        configuration.defaultDeadline = .seconds(5)
        let client = RPCClient(configuration: configuration, logger: Logger(label: "till.up"))
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let ping = try await client.call("\(service).ping", params: Empty(), as: PingResult.self)
            let elapsed = clock.now - started
            let health = try await client.call("\(service).health", params: Empty(), as: HealthResult.self)
            await client.shutdown()
            let millis = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
            let name = service.padding(toLength: 13, withPad: " ", startingAt: 0)
            return "  \(name) \(address)  ping ok (\(ping.instance), v\(ping.version), "
                + String(format: "%.1f ms", millis) + "), health \(health.status), redis \(health.redis)"
        } catch {
            await client.shutdown()
            throw TillError(.notReady, "\(service) at \(address): \(error.code.rawValue): \(error.message)")
        }
    }
}
