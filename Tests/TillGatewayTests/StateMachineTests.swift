import Testing
import TillGatewayHTTP
import TillGatewaySim
import TillPayments
import TillWire

/// Capture, void and refund through ``HTTPGateway``: the gateway's side of the state machine.
@Suite("Payment state machine")
struct StateMachineTests {
    private static func money(_ amount: Int64) -> Money { Money(amount: amount, currency: .usd) }

    @Test("capture, partial refunds, then nothing left to refund")
    func captureAndRefund() async throws {
        try await SimulatorHarness.with { harness in
            let gateway = harness.gateway
            let authorization = try await gateway.authorize(Requests.authorize("pay_1", amount: 5_000))
            let capture = try await gateway.capture(
                CaptureRequest(paymentID: "pay_1", authorizationID: authorization.authorizationID, amount: Self.money(4_000), idempotencyKey: "cap")
            )
            #expect(capture.capturedAmount == Self.money(4_000))
            let again = await #expect(throws: PaymentError.self) {
                try await gateway.capture(CaptureRequest(paymentID: "pay_1", authorizationID: authorization.authorizationID, idempotencyKey: "cap2"))
            }
            #expect(again?.code == .invalidState)
            #expect(again?.details["state"] == .string("captured"))

            let partial = try await gateway.refund(RefundRequest(paymentID: "pay_1", amount: Self.money(1_500), idempotencyKey: "r1"))
            #expect(partial.amount == Self.money(1_500))
            #expect(partial.totalRefunded == Self.money(1_500))
            #expect(partial.refundID.hasPrefix("re_"))
            #expect(try await gateway.retrieve(paymentID: "pay_1")?.state == .partiallyRefunded)

            let rest = try await gateway.refund(RefundRequest(paymentID: "pay_1", idempotencyKey: "r2"))
            #expect(rest.amount == Self.money(2_500))
            #expect(rest.totalRefunded == Self.money(4_000))
            let payment = try #require(try await gateway.retrieve(paymentID: "pay_1"))
            #expect(payment.state == .refunded)
            #expect(payment.capturedAmount == Self.money(4_000))
            #expect(payment.refundedAmount == Self.money(4_000))

            let tooMuch = await #expect(throws: PaymentError.self) {
                try await gateway.refund(RefundRequest(paymentID: "pay_1", amount: Self.money(1), idempotencyKey: "r3"))
            }
            #expect(tooMuch?.code == .invalidState)
            let void = await #expect(throws: PaymentError.self) {
                try await gateway.void(VoidRequest(paymentID: "pay_1", idempotencyKey: "v"))
            }
            #expect(void?.code == .invalidState)
            #expect(harness.stats.value(.captures) == 1)
            #expect(harness.stats.value(.refunds) == 2)
        }
    }

    @Test("void releases the authorization, is safe to repeat, and blocks a capture")
    func void() async throws {
        try await SimulatorHarness.with { harness in
            let gateway = harness.gateway
            let authorization = try await gateway.authorize(Requests.authorize("pay_v"))
            _ = try await gateway.void(VoidRequest(paymentID: "pay_v", authorizationID: authorization.authorizationID, idempotencyKey: "v1"))
            _ = try await gateway.void(VoidRequest(paymentID: "pay_v", idempotencyKey: "v2"))
            #expect(try await gateway.retrieve(paymentID: "pay_v")?.state == .voided)
            let capture = await #expect(throws: PaymentError.self) {
                try await gateway.capture(CaptureRequest(paymentID: "pay_v", authorizationID: authorization.authorizationID, idempotencyKey: "c"))
            }
            #expect(capture?.code == .invalidState)
            let refund = await #expect(throws: PaymentError.self) {
                try await gateway.refund(RefundRequest(paymentID: "pay_v", idempotencyKey: "r"))
            }
            #expect(refund?.code == .invalidState)
        }
    }

    @Test("unknown payments and authorizations are not_found; retrieve of an unknown payment is nil")
    func notFound() async throws {
        try await SimulatorHarness.with { harness in
            let gateway = harness.gateway
            #expect(try await gateway.retrieve(paymentID: "pay_nobody") == nil)
            _ = try await gateway.authorize(Requests.authorize("pay_1"))
            let wrongAuthorization = await #expect(throws: PaymentError.self) {
                try await gateway.capture(CaptureRequest(paymentID: "pay_1", authorizationID: "auth_other", idempotencyKey: "c"))
            }
            #expect(wrongAuthorization?.code == .notFound)
            let unknown = await #expect(throws: PaymentError.self) {
                try await gateway.void(VoidRequest(paymentID: "pay_nobody", idempotencyKey: "v"))
            }
            #expect(unknown?.code == .notFound)
        }
    }

    @Test("capturing more than was authorized is refused and changes nothing")
    func overCapture() async throws {
        try await SimulatorHarness.with { harness in
            let authorization = try await harness.gateway.authorize(Requests.authorize("pay_1", amount: 1_000))
            let error = await #expect(throws: PaymentError.self) {
                try await harness.gateway.capture(
                    CaptureRequest(paymentID: "pay_1", authorizationID: authorization.authorizationID, amount: Self.money(1_001), idempotencyKey: "c")
                )
            }
            #expect(error?.code == .badRequest)
            #expect(try await harness.gateway.retrieve(paymentID: "pay_1")?.state == .authorized)
        }
    }

    @Test("a second authorize of a known payment id with another key is invalid_state")
    func secondAuthorization() async throws {
        try await SimulatorHarness.with { harness in
            _ = try await harness.gateway.authorize(Requests.authorize("pay_1", key: "a"))
            let error = await #expect(throws: PaymentError.self) {
                try await harness.gateway.authorize(Requests.authorize("pay_1", key: "b"))
            }
            #expect(error?.code == .invalidState)
            #expect(harness.stats.value(.authorizationsCreated) == 1)
        }
    }
}
