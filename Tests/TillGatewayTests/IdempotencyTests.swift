import Testing
import TillGatewayHTTP
import TillGatewaySim
import TillPayments

/// `Idempotency-Key` over HTTP: replays, conflicts, refusals that record nothing.
@Suite("Idempotency")
struct IdempotencyTests {
    @Test("the same key and request get the first answer again, without a second authorization")
    func replay() async throws {
        try await SimulatorHarness.with { harness in
            let first = try await harness.gateway.authorize(Requests.authorize("pay_1", key: "k1"))
            let second = try await harness.gateway.authorize(Requests.authorize("pay_1", key: "k1"))
            #expect(first == second)
            #expect(harness.stats.value(.authorizationsCreated) == 1)
            #expect(harness.stats.value(.replays) == 1)
        }
    }

    @Test("concurrent requests with one key make one authorization")
    func concurrentReplay() async throws {
        try await SimulatorHarness.with { harness in
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await harness.gateway.authorize(Requests.authorize("pay_c", key: "same")).authorizationID }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            #expect(harness.stats.value(.authorizationsCreated) == 1)
        }
    }

    @Test("a decline is recorded and replayed too")
    func declineReplay() async throws {
        try await SimulatorHarness.with { harness in
            for _ in 0..<2 {
                await #expect(throws: PaymentError.self) {
                    try await harness.gateway.authorize(Requests.authorize("pay_d", card: "tok_declined", key: "kd"))
                }
            }
            #expect(harness.stats.value(.declines) == 1)
            #expect(harness.stats.value(.replays) == 1)
        }
    }

    @Test("the same key with another amount is an idempotency conflict")
    func conflict() async throws {
        try await SimulatorHarness.with { harness in
            _ = try await harness.gateway.authorize(Requests.authorize("pay_1", amount: 1_000, key: "k"))
            let error = await #expect(throws: PaymentError.self) {
                try await harness.gateway.authorize(Requests.authorize("pay_1", amount: 2_000, key: "k"))
            }
            #expect(error?.code == .idempotencyConflict)
        }
    }

    @Test("keys are scoped per operation: a capture may reuse the authorize key")
    func scopedKeys() async throws {
        try await SimulatorHarness.with { harness in
            let authorization = try await harness.gateway.authorize(Requests.authorize("pay_1", key: "shared"))
            let capture = try await harness.gateway.capture(
                CaptureRequest(paymentID: "pay_1", authorizationID: authorization.authorizationID, idempotencyKey: "shared")
            )
            #expect(capture.capturedAmount.amount == 4_999)
        }
    }

    @Test("the error rate answers 503 unavailable and does nothing")
    func injectedErrors() async throws {
        try await SimulatorHarness.with(GatewaySimulatorConfiguration(errorRate: 1)) { harness in
            let error = await #expect(throws: PaymentError.self) {
                try await harness.gateway.authorize(Requests.authorize("pay_1"))
            }
            #expect(error?.code == .unavailable)
            #expect(error?.retriable == true)
            #expect(harness.stats.value(.injectedErrors) == 1)
            #expect(harness.stats.value(.authorizationsCreated) == 0)
        }
    }

    @Test("a mutating request without Idempotency-Key, or with a malformed body, is a 400 that records nothing")
    func badRequests() async throws {
        try await SimulatorHarness.with { harness in
            let body = #"{"payment_id":"pay_1","order_id":"o","amount":100,"currency":"USD","card_token":"tok_visa","customer_id":"c","billing_country":"US"}"#
            let missingKey = try await harness.post(GatewayAPI.authorizationsPath, body: body)
            #expect(missingKey.status == 400)
            #expect(missingKey.body.contains(#""field":"Idempotency-Key""#))

            let malformed = try await harness.post(GatewayAPI.authorizationsPath, body: #"{"payment_id":"pay_1"}"#, headers: [("Idempotency-Key", "k")])
            #expect(malformed.status == 400)
            #expect(malformed.body.contains("bad_request"))
            // Nothing was recorded under "k": the well-formed request is processed, not refused as a conflict.
            let accepted = try await harness.post(GatewayAPI.authorizationsPath, body: body, headers: [("Idempotency-Key", "k")])
            #expect(accepted.status == 200)
            #expect(harness.stats.value(.authorizationsCreated) == 1)
        }
    }
}
