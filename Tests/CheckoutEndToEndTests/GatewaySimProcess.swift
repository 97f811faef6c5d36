import Foundation
import TillTestSupport
import TillWire

/// A real `till-gateway-sim` for checkout tests, and the `till-payments` replica in front of it.
final class GatewaySimProcess: Sendable {
    let port: Int
    let logFile: URL
    private let process = LockedProcess()

    static let secrets = "whsec_checkout_e2e_0123456789"

    static func start(environment: [String: String] = [:]) async throws -> GatewaySimProcess {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let sim = GatewaySimProcess(port: FreePort.next())
            var env = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                "TILL_GATEWAY_LISTEN": "127.0.0.1:\(sim.port)",
                "TILL_WEBHOOK_SECRETS": secrets,
                "TILL_GATEWAY_TIMEOUT_DELAY_MS": "20000",
                "TILL_LOG_FORMAT": "json",
            ]
            env.merge(environment) { _, override in override }
            do {
                try sim.process.start(executable: try Executables.locateProduct("till-gateway-sim"), arguments: [], environment: env, output: sim.logFile)
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
                sim.process.signal(SIGKILL)
            }
        }
        throw lastError ?? TestSupportError("till-gateway-sim did not start")
    }

    private init(port: Int) {
        self.port = port
        self.logFile = FileManager.default.temporaryDirectory.appendingPathComponent("checkout-sim-\(port)-\(UUID().uuidString.prefix(8)).log")
    }

    /// A counter of `GET /_sim/stats` (`captures`, `voids`, `authorizations_created`…).
    func counter(_ name: String) async throws -> Int64 {
        try await stats()[name]?.integerValue ?? 0
    }

    /// Everything the simulator logged so far.
    func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Requests of `operation` that reached the simulator.
    func requests(_ operation: String) async throws -> Int64 {
        try await stats()["requests"]?[operation]?.integerValue ?? 0
    }

    private func stats() async throws -> JSONValue {
        let response = try await RawHTTP.send("GET", "/_sim/stats", port: port)
        return try JSONDecoder().decode(JSONValue.self, from: Data(response.body.utf8))
    }

    /// The simulator's own view of a payment (`GET /v1/payments/{id}`).
    func payment(_ paymentID: String) async throws -> JSONValue {
        let response = try await RawHTTP.send("GET", "/v1/payments/\(paymentID)", port: port)
        return try JSONDecoder().decode(JSONValue.self, from: Data(response.body.utf8))
    }

    deinit {
        process.signal(SIGKILL)
        try? FileManager.default.removeItem(at: logFile)
    }
}

extension CheckoutStack {
    /// A stack with the simulator and one real `till-payments` in front of it.
    ///
    /// - Parameters:
    ///   - paymentsPort: where payments listens.
    ///   - paymentsRoute: where the orchestrator reaches payments (a ``FaultProxy`` to
    ///     `paymentsPort`, say); payments itself by default.
    static func startWithPayments(
        gateway: [String: String] = [:], orchestrator: [String: String] = [:],
        paymentsPort: Int = FreePort.next(), paymentsRoute: String? = nil
    ) async throws -> (stack: CheckoutStack, sim: GatewaySimProcess, payments: ServiceProcess) {
        let webhookPort = FreePort.next()
        var simEnvironment = ["TILL_GATEWAY_WEBHOOK_URL": "http://127.0.0.1:\(webhookPort)/webhooks/gateway"]
        simEnvironment.merge(gateway) { _, override in override }
        let sim = try await GatewaySimProcess.start(environment: simEnvironment)
        let stack = try await CheckoutStack.start(paymentsAddress: paymentsRoute ?? "127.0.0.1:\(paymentsPort)", orchestrator: orchestrator)
        let payments = try await ServiceProcess.start(
            "till-payments", redis: stack.redis,
            environment: [
                "TILL_LISTEN": "127.0.0.1:\(paymentsPort)",
                "TILL_GATEWAY_URL": "http://127.0.0.1:\(sim.port)",
                "TILL_WEBHOOK_LISTEN": "127.0.0.1:\(webhookPort)",
                "TILL_WEBHOOK_SECRETS": GatewaySimProcess.secrets,
                "TILL_GATEWAY_TIMEOUT_MS": "1000",
                "TILL_RESOLVER_INTERVAL_MS": "200",
                "TILL_FRAUD_VELOCITY": "1000/3600",
                "TILL_RATE_LIMIT": "1000/60",
            ]
        )
        return (stack, sim, payments)
    }
}
