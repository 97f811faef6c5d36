import Foundation
import TillTestSupport
import TillWire

/// The checkout tests' simulator: TillTestSupport's, with the lookups these tests make.
typealias GatewaySimProcess = GatewaySimulatorProcess

extension GatewaySimulatorProcess {
    /// The simulator's own view of a payment (`GET /v1/payments/{id}`).
    func payment(_ paymentID: String) async throws -> JSONValue {
        let response = try await RawHTTP.send("GET", "/v1/payments/\(paymentID)", port: port)
        return try JSONDecoder().decode(JSONValue.self, from: Data(response.body.utf8))
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
                "TILL_WEBHOOK_SECRETS": GatewaySimulatorProcess.webhookSecrets,
                "TILL_GATEWAY_TIMEOUT_MS": "1000",
                "TILL_RESOLVER_INTERVAL_MS": "200",
                "TILL_FRAUD_VELOCITY": "1000/3600",
                "TILL_RATE_LIMIT": "1000/60",
            ]
        )
        return (stack, sim, payments)
    }
}
