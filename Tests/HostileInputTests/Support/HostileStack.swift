import Foundation
import TillTestSupport
import TillWire

/// Every Till executable, started for real against one redis-server: inventory, shipping,
/// payments in front of `till-gateway-sim`, and an orchestrator wired to the three.
final class HostileStack: Sendable {
    let redis: RedisServer
    let sim: GatewaySim
    let inventory: ServiceProcess
    let shipping: ServiceProcess
    let payments: ServiceProcess
    let orchestrator: ServiceProcess
    let webhookPort: Int

    /// The webhook secret payments and the simulator share (a secret the logs must never show).
    static let webhookSecret = "whsec_hostile_9f8e7d6c5b4a3210"

    /// The four services, each with the method its `ping` answers.
    var services: [(name: String, process: ServiceProcess)] {
        [("inventory", inventory), ("shipping", shipping), ("payments", payments), ("orchestrator", orchestrator)]
    }

    private init(
        redis: RedisServer, sim: GatewaySim, inventory: ServiceProcess, shipping: ServiceProcess,
        payments: ServiceProcess, orchestrator: ServiceProcess, webhookPort: Int
    ) {
        self.redis = redis
        self.sim = sim
        self.inventory = inventory
        self.shipping = shipping
        self.payments = payments
        self.orchestrator = orchestrator
        self.webhookPort = webhookPort
    }

    /// Starts the stack; `environment` is added to every service's (e.g. a short handshake timeout).
    static func start(environment: [String: String] = [:]) async throws -> HostileStack {
        let redis = try await RedisServer.start()
        let webhookPort = FreePort.next()
        let sim = try await GatewaySim.start(webhookURL: "http://127.0.0.1:\(webhookPort)/webhooks/gateway")
        let inventory = try await ServiceProcess.start("till-inventory", redis: redis, environment: environment)
        let shipping = try await ServiceProcess.start(
            "till-shipping", redis: redis, environment: environment.merging(["TILL_CARRIER_LATENCY_MS": "1"]) { $1 }
        )
        let payments = try await ServiceProcess.start(
            "till-payments", redis: redis,
            environment: environment.merging([
                "TILL_GATEWAY_URL": "http://127.0.0.1:\(sim.port)",
                "TILL_WEBHOOK_LISTEN": "127.0.0.1:\(webhookPort)",
                "TILL_WEBHOOK_SECRETS": webhookSecret,
                "TILL_GATEWAY_TIMEOUT_MS": "2000",
                "TILL_FRAUD_VELOCITY": "1000/3600",
                "TILL_RATE_LIMIT": "1000/60",
            ]) { $1 }
        )
        let orchestrator = try await ServiceProcess.start(
            "till-orchestrator", redis: redis,
            environment: environment.merging([
                "TILL_INVENTORY_ADDR": "127.0.0.1:\(inventory.port)",
                "TILL_SHIPPING_ADDR": "127.0.0.1:\(shipping.port)",
                "TILL_PAYMENTS_ADDR": "127.0.0.1:\(payments.port)",
            ]) { $1 }
        )
        return HostileStack(
            redis: redis, sim: sim, inventory: inventory, shipping: shipping, payments: payments,
            orchestrator: orchestrator, webhookPort: webhookPort
        )
    }

    /// Every log line the stack wrote so far.
    func logs() -> String {
        services.map { $0.process.log() }.joined(separator: "\n") + sim.log()
    }

    /// Whether every service is still running and answers `<service>.ping` on a fresh connection.
    func everyServiceAnswersPing() async throws -> Bool {
        for (name, process) in services {
            guard process.isRunning else { return false }
            let connection = try await RawWireConnection.connect(port: process.port)
            try await connection.authenticate()
            let answer = try await connection.call(id: 1, "\(name).ping")
            await connection.close()
            guard answer?["result"] != nil else { return false }
        }
        return true
    }

    func stop() {
        for (_, process) in services { process.kill() }
        sim.kill()
        redis.stop()
    }
}

/// A real `till-gateway-sim` (the payments gateway the stack's payments talks to).
final class GatewaySim: Sendable {
    let port: Int
    let logFile: URL
    private let process = LockedProcess()

    static func start(webhookURL: String) async throws -> GatewaySim {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let sim = GatewaySim(port: FreePort.next())
            let environment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "TILL_GATEWAY_LISTEN": "127.0.0.1:\(sim.port)",
                "TILL_WEBHOOK_SECRETS": HostileStack.webhookSecret,
                "TILL_GATEWAY_WEBHOOK_URL": webhookURL,
                "TILL_LOG_FORMAT": "json",
            ]
            do {
                try sim.process.start(
                    executable: try Executables.locateProduct("till-gateway-sim"), arguments: [], environment: environment, output: sim.logFile
                )
                let deadline = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < deadline {
                    if let response = try? await RawHTTP.send("GET", "/readyz", port: sim.port, timeout: .seconds(2)), response.status == 200 {
                        return sim
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
                throw TestSupportError("till-gateway-sim was not ready")
            } catch {
                lastError = error
                sim.kill()
            }
        }
        throw lastError ?? TestSupportError("till-gateway-sim did not start")
    }

    private init(port: Int) {
        self.port = port
        self.logFile = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-sim-\(port)-\(UUID().uuidString.prefix(8)).log")
    }

    func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    func kill() { process.signal(SIGKILL) }

    deinit {
        process.signal(SIGKILL)
        try? FileManager.default.removeItem(at: logFile)
    }
}
