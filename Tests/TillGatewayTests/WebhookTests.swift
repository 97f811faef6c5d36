import Testing
import TillGatewayHTTP
import TillGatewaySim
import TillPayments

/// Signed webhooks from the simulator to a real HTTP receiver.
@Suite("Webhooks")
struct WebhookTests {
    static let secret = "whsec_test_0123456789abcdef"

    private static func configuration(url: String, duplicateRate: Double = 0) -> GatewaySimulatorConfiguration {
        GatewaySimulatorConfiguration(
            webhooks: WebhookConfiguration(url: url, secret: secret, duplicateRate: duplicateRate, initialBackoff: .milliseconds(50))
        )
    }

    @Test("a capture is delivered signed, retried until a 2xx")
    func capturedRetriedUntilSuccess() async throws {
        let receiver = WebhookReceiver(secrets: [Self.secret], failures: 2)
        try await receiver.run { url in
            try await SimulatorHarness.with(Self.configuration(url: url)) { harness in
                let authorization = try await harness.gateway.authorize(Requests.authorize("pay_w", amount: 2_500))
                _ = try await harness.gateway.capture(
                    CaptureRequest(paymentID: "pay_w", authorizationID: authorization.authorizationID, idempotencyKey: "c")
                )
                let deliveries = try await receiver.waitFor { $0.count >= 3 }
                #expect(deliveries.count == 3)
                let verified = deliveries.filter(\.verified).count
                #expect(verified == deliveries.count)
                #expect(Set(deliveries.map(\.body)).count == 1, "every attempt carries the same event")
                let event = try #require(deliveries.first?.event)
                #expect(event["type"] as? String == "charge.captured")
                #expect((event["id"] as? String)?.hasPrefix("evt_") == true)
                let object = (event["data"] as? [String: Any])?["object"] as? [String: Any]
                #expect(object?["payment_id"] as? String == "pay_w")
                #expect(object?["amount"] as? Int == 2_500)
                #expect(object?["currency"] as? String == "USD")
                // Give the last answer time to be counted before reading the stats.
                for _ in 0..<100 where harness.stats.value(.webhooksDelivered) == 0 { try await Task.sleep(for: .milliseconds(20)) }
                #expect(harness.stats.value(.webhooksDelivered) == 1)
                #expect(harness.stats.value(.webhookFailedAttempts) == 2)
            }
        }
    }

    @Test("at duplicate rate 1 every event arrives twice with the same id, and a rotated-in secret verifies")
    func duplicates() async throws {
        // The receiver accepts the simulator's secret as the second of two (a rotation).
        let receiver = WebhookReceiver(secrets: ["whsec_new_secret_abcdef0123", Self.secret])
        try await receiver.run { url in
            try await SimulatorHarness.with(Self.configuration(url: url, duplicateRate: 1)) { harness in
                let authorization = try await harness.gateway.authorize(Requests.authorize("pay_d", amount: 3_000))
                _ = try await harness.gateway.capture(
                    CaptureRequest(paymentID: "pay_d", authorizationID: authorization.authorizationID, idempotencyKey: "c")
                )
                let refund = try await harness.gateway.refund(
                    RefundRequest(paymentID: "pay_d", amount: Money(amount: 1_000, currency: .usd), idempotencyKey: "r")
                )
                let deliveries = try await receiver.waitFor { $0.count >= 4 }
                #expect(deliveries.count == 4)
                let verified = deliveries.filter(\.verified).count
                #expect(verified == deliveries.count)
                var byID: [String: [String]] = [:]
                for delivery in deliveries {
                    let event = try #require(delivery.event)
                    byID[event["id"] as? String ?? "", default: []].append(event["type"] as? String ?? "")
                }
                #expect(byID.count == 2)
                #expect(byID.values.allSatisfy { $0.count == 2 })
                #expect(Set(byID.values.flatMap { $0 }) == ["charge.captured", "charge.refunded"])
                let refunded = deliveries.compactMap(\.event).first { $0["type"] as? String == "charge.refunded" }
                let object = (refunded?["data"] as? [String: Any])?["object"] as? [String: Any]
                #expect(object?["refund_id"] as? String == refund.refundID)
                #expect(object?["amount"] as? Int == 1_000)
                #expect(harness.stats.value(.webhooksQueued) == 4)
            }
        }
    }

    @Test("a tampered body does not verify")
    func tampered() throws {
        let body = Array(#"{"id":"evt_1"}"#.utf8)
        let signature = WebhookVerifier.signature(body: body, timestamp: 1_000, secret: Self.secret)
        let verifier = WebhookVerifier(secrets: [Self.secret])
        #expect(throws: WebhookVerificationError.self) {
            try verifier.verify(body: Array(#"{"id":"evt_2"}"#.utf8), header: "t=1000,v1=\(signature)", now: 1_000)
        }
        try verifier.verify(body: body, header: "t=1000,v1=\(signature)", now: 1_000)
    }
}
