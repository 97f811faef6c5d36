import Foundation
import Logging
import TillAPI
import TillTestSupport
import TillWire

/// The integration tests' simulator: TillTestSupport's, signing with the newer of two secrets
/// (rotation) and retrying webhooks after 100 ms, plus the lookups these tests make.
typealias GatewaySim = GatewaySimulatorProcess

extension GatewaySimulatorProcess {
    static let secrets = "whsec_itest_new_0123456789,whsec_itest_old_0123456789"
    static let signingSecret = "whsec_itest_new_0123456789"
    static let oldSecret = "whsec_itest_old_0123456789"

    /// Starts the simulator delivering webhooks to `webhookPort` (if any), with `environment` on top.
    static func start(webhookPort: Int?, environment: [String: String] = [:]) async throws -> GatewaySimulatorProcess {
        var variables = ["TILL_WEBHOOK_SECRETS": secrets, "TILL_GATEWAY_WEBHOOK_BACKOFF_MS": "100"]
        if let webhookPort { variables["TILL_GATEWAY_WEBHOOK_URL"] = "http://127.0.0.1:\(webhookPort)/webhooks/gateway" }
        variables.merge(environment) { _, override in override }
        return try await start(environment: variables)
    }

    /// `GET /_sim/drift`: the rows the report falsifies, by payment id.
    func drift(since: Int64, until: Int64) async throws -> [String: String] {
        let response = try await RawHTTP.send("GET", "/_sim/drift?since=\(since)&until=\(until)", port: port)
        let json = try JSONDecoder().decode(JSONValue.self, from: Data(response.body.utf8))
        guard case .object(let drifted)? = json["drifted"] else { return [:] }
        return drifted.compactMapValues(\.stringValue)
    }

    /// Captures directly at the gateway (as a dashboard would), which sends a webhook.
    func capture(paymentID: String, authorizationID: String, key: String) async throws -> Int {
        try await RawHTTP.send(
            "POST", "/v1/payments/\(paymentID)/capture", port: port,
            headers: [("Content-Type", "application/json"), ("Idempotency-Key", key)],
            body: #"{"authorization_id":"\#(authorizationID)"}"#
        ).status
    }
}

/// One `till-payments` replica with its webhook listener.
struct PaymentsReplica: Sendable {
    let process: ServiceProcess
    let webhookPort: Int

    /// The settings every integration test uses: short timeouts and intervals.
    static func environment(gateway: GatewaySim, webhookPort: Int) -> [String: String] {
        [
            "TILL_GATEWAY_URL": gateway.url,
            "TILL_WEBHOOK_LISTEN": "127.0.0.1:\(webhookPort)",
            "TILL_WEBHOOK_SECRETS": GatewaySim.secrets,
            "TILL_GATEWAY_TIMEOUT_MS": "1000",
            "TILL_RESOLVER_INTERVAL_MS": "200",
            "TILL_GATEWAY_BREAKER_RECOVERY_MS": "1500",
            "TILL_FRAUD_VELOCITY": "1000/3600",
            "TILL_RATE_LIMIT": "1000/60",
            "TILL_LOG_LEVEL": "debug",
        ]
    }

    static func start(redis: RedisServer, gateway: GatewaySim, webhookPort: Int = FreePort.next(), environment: [String: String] = [:]) async throws -> PaymentsReplica {
        var env = Self.environment(gateway: gateway, webhookPort: webhookPort)
        env.merge(environment) { _, override in override }
        return PaymentsReplica(process: try await ServiceProcess.start("till-payments", redis: redis, environment: env), webhookPort: webhookPort)
    }

    /// POSTs `body` to the webhook listener, signed with `secret` at `timestamp`.
    func deliver(_ body: String, secret: String = GatewaySim.signingSecret, timestamp: Int64 = Int64(Date().timeIntervalSince1970), tamper: Bool = false) async throws -> RawHTTP.Response {
        var payload = Array("\(timestamp).".utf8)
        payload += Array(body.utf8)
        let signature = WebhookSignature.hex(secret: secret, payload: payload)
        let sent = tamper ? body.replacingOccurrences(of: "\"amount\":", with: "\"amount\":1") : body
        return try await RawHTTP.send(
            "POST", "/webhooks/gateway", port: webhookPort,
            headers: [("Content-Type", "application/json"), ("Stripe-Signature", "t=\(timestamp),v1=\(signature)")], body: sent
        )
    }
}

/// A client of one or more replicas.
func withPayments<T: Sendable>(_ replicas: [PaymentsReplica], _ body: @Sendable (RPCClient) async throws -> T) async throws -> T {
    try await withTestClient(ports: replicas.map(\.process.port), name: "payments-itest", deadline: .seconds(15), body)
}

extension RPCClient {
    func authorize(_ params: AuthorizeParams, key: String) async throws(RPCError) -> AuthorizeResult {
        try await call("payments.authorize", params: params, idempotencyKey: key)
    }

    func payment(_ id: String) async throws(RPCError) -> PaymentView {
        try await call("payments.get", params: PaymentIDParams(paymentID: id))
    }
}

func params(_ id: String, token: String = "tok_visa", amount: Int64 = 4_999, email: String = "ann@example.com") -> AuthorizeParams {
    AuthorizeParams(
        paymentID: id, orderID: "ord-\(id)", amount: amount, currency: "USD", cardToken: token,
        customer: CustomerInfo(id: "cus-\(id)", email: email), billingCountry: "US"
    )
}

/// The wire code of what `body` threw, or `nil` on success.
func code(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as RPCError {
        return error.code.rawValue
    } catch {
        return "unexpected: \(error)"
    }
}

/// Polls `condition` every 100 ms for up to `timeout`.
func eventually(timeout: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}
