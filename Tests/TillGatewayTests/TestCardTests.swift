import Testing
import TillGatewayHTTP
import TillGatewaySim
import TillPayments
import TillWire

/// Every test card of `API.md`, through ``HTTPGateway`` against the simulator on a real socket.
@Suite("Test cards")
struct TestCardTests {
    @Test("tok_visa authorizes with matching checks")
    func visa() async throws {
        try await SimulatorHarness.with { harness in
            let authorization = try await harness.gateway.authorize(Requests.authorize("pay_visa"))
            #expect(authorization.paymentID == "pay_visa")
            #expect(authorization.authorizationID.hasPrefix("auth_"))
            #expect(authorization.amount == Money(amount: 4_999, currency: .usd))
            #expect(authorization.checks == AuthorizationChecks(avs: .match, cvv: .match))
            #expect(harness.stats.value(.authorizationsCreated) == 1)
            let payment = try await harness.gateway.retrieve(paymentID: "pay_visa")
            #expect(payment?.state == .authorized)
            #expect(payment?.authorizationID == authorization.authorizationID)
        }
    }

    @Test("tok_declined is card_declined with a decline code, and the payment failed")
    func declined() async throws {
        try await SimulatorHarness.with { harness in
            let error = await #expect(throws: PaymentError.self) {
                try await harness.gateway.authorize(Requests.authorize("pay_declined", card: "tok_declined"))
            }
            #expect(error?.code == .cardDeclined)
            #expect(error?.details["decline_code"] == .string("generic_decline"))
            let state = try await harness.gateway.retrieve(paymentID: "pay_declined")?.state
            #expect(state == .failed)
            #expect(harness.stats.value(.declines) == 1)
        }
    }

    @Test("tok_insufficient_funds is insufficient_funds")
    func insufficientFunds() async throws {
        try await SimulatorHarness.with { harness in
            let error = await #expect(throws: PaymentError.self) {
                try await harness.gateway.authorize(Requests.authorize("pay_poor", card: "tok_insufficient_funds"))
            }
            #expect(error?.code == .insufficientFunds)
            #expect(error?.retriable == false)
        }
    }

    @Test("tok_3ds is authentication_required with a challenge URL")
    func threeDSecure() async throws {
        try await SimulatorHarness.with { harness in
            let error = await #expect(throws: PaymentError.self) {
                try await harness.gateway.authorize(Requests.authorize("pay_3ds", card: "tok_3ds"))
            }
            #expect(error?.code == .authenticationRequired)
            guard case .string(let url)? = error?.details["challenge_url"] else {
                Issue.record("no challenge_url in \(String(describing: error?.details))")
                return
            }
            #expect(url.hasPrefix("https://") && url.hasSuffix("/pay_3ds"))
        }
    }

    @Test("tok_cvv_fail authorizes with a CVV mismatch")
    func cvvFailure() async throws {
        try await SimulatorHarness.with { harness in
            let authorization = try await harness.gateway.authorize(Requests.authorize("pay_cvv", card: "tok_cvv_fail"))
            #expect(authorization.checks.cvv == .mismatch)
            #expect(authorization.checks.avs == .match)
        }
    }

    @Test("tok_flaky_2 drops two attempts without recording anything, then succeeds")
    func flaky() async throws {
        try await SimulatorHarness.with { harness in
            let request = Requests.authorize("pay_flaky", card: "tok_flaky_2")
            for attempt in 1...2 {
                let error = await #expect(throws: PaymentError.self, "attempt \(attempt)") {
                    try await harness.gateway.authorize(request)
                }
                #expect(error?.code == .network)
                #expect(error?.retriable == true)
                #expect(try await harness.gateway.retrieve(paymentID: "pay_flaky") == nil, "attempt \(attempt) recorded nothing")
            }
            let authorization = try await harness.gateway.authorize(request)
            #expect(authorization.paymentID == "pay_flaky")
            // The success is recorded under the key: a fourth attempt replays it.
            #expect(try await harness.gateway.authorize(request) == authorization)
            #expect(harness.stats.value(.dropped) == 2)
            #expect(harness.stats.value(.authorizationsCreated) == 1)
            #expect(harness.stats.requests(.authorize) == 4)
        }
    }

    @Test("tok_timeout times out, yet the authorization exists and can be found and voided")
    func timeout() async throws {
        let configuration = GatewaySimulatorConfiguration(timeoutAnswerDelay: .seconds(5))
        try await SimulatorHarness.with(configuration, requestTimeout: .milliseconds(500)) { harness in
            let request = Requests.authorize("pay_slow", card: "tok_timeout")
            let error = await #expect(throws: PaymentError.self) {
                try await harness.gateway.authorize(request)
            }
            #expect(error?.code == .timeout)
            #expect(error?.retriable == true)
            // A replay is as slow: the caller cannot learn the outcome by retrying, only by asking.
            let replay = await #expect(throws: PaymentError.self) {
                try await harness.gateway.authorize(request)
            }
            #expect(replay?.code == .timeout)
            let payment = try #require(try await harness.gateway.retrieve(paymentID: "pay_slow"))
            #expect(payment.state == .authorized)
            #expect(payment.authorizationID != nil)
            _ = try await harness.gateway.void(VoidRequest(paymentID: "pay_slow", idempotencyKey: "void:pay_slow"))
            #expect(try await harness.gateway.retrieve(paymentID: "pay_slow")?.state == .voided)
            #expect(harness.stats.value(.authorizationsCreated) == 1)
        }
    }
}
