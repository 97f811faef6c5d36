import Foundation
import Testing
import TillPayments
import TillResilience
import TillWire

@Suite("PaymentError")
struct PaymentErrorTests {
    @Test("retriable codes are exactly the transient ones")
    func retriability() {
        let retriable = Set(PaymentError.Code.allCases.filter(\.isRetriable).map(\.rawValue))
        #expect(retriable == ["network", "timeout", "rate_limited", "unavailable", "deadline_exceeded", "idempotency_in_progress"])
        for code in [
            "card_declined", "insufficient_funds", "fraud_blocked", "authentication_required", "idempotency_conflict",
            "saga_compensation_failed", "invalid_state", "not_found", "bad_request", "internal",
        ] {
            #expect(PaymentError.Code.allCases.contains { $0.rawValue == code && !$0.isRetriable }, "\(code)")
        }
    }

    @Test("every code becomes the wire code of the same spelling with the same retriable flag")
    func wireMapping() {
        for code in PaymentError.Code.allCases {
            let wire = PaymentError(code, "message").wireError
            #expect(wire.code.rawValue == code.rawValue)
            #expect(wire.retriable == code.isRetriable)
            #expect(wire.message == "message")
            #expect(wire.details == nil)
        }
    }

    @Test("the wire codes Till already names agree on retriability")
    func agreesWithWireDefaults() {
        for code in PaymentError.Code.allCases {
            let wireCode = WireErrorCode(rawValue: code.rawValue)
            if [
                WireErrorCode.unavailable, .rateLimited, .idempotencyInProgress, .deadlineExceeded, .idempotencyConflict,
                .invalidState, .notFound, .badRequest, .internal,
            ].contains(wireCode) {
                #expect(wireCode.isRetriableByDefault == code.isRetriable, "\(code)")
            }
        }
    }

    @Test("details travel on the wire")
    func details() throws {
        #expect(
            PaymentError.authenticationRequired(challengeURL: "https://acs.example/3ds/1").wireError.details
                == ["challenge_url": "https://acs.example/3ds/1"])
        let limited = PaymentError.rateLimited(retryAfterMilliseconds: 600).wireError
        #expect(limited.details == ["retry_after_ms": 600])
        #expect(limited.retriable)
        #expect(PaymentError.badRequest(field: "customer.email", "missing").wireError.details == ["field": "customer.email"])
        #expect(PaymentError.fraudBlocked(rule: "blocklist").wireError.details == ["rule": "blocklist"])
        let open = PaymentError.unavailable(CircuitOpenError(breaker: "gateway", retryAfterMilliseconds: 1_500))
        #expect(open.code == .unavailable && open.retriable)
        #expect(open.wireError.details == ["retry_after_ms": 1_500])

        let json = String(
            decoding: try JSONEncoder().encode(PaymentError.cardDeclined(declineCode: "do_not_honor").wireError), as: UTF8.self)
        #expect(json.contains(#""code":"card_declined""#))
        #expect(json.contains(#""retriable":false"#))
    }

    @Test("payment errors drive the retry policy")
    func drivesRetry() {
        #expect(RetryClassification.isRetriable(PaymentError.network("connection reset")))
        #expect(RetryClassification.isRetriable(PaymentError.timeout("no answer in 10 s")))
        #expect(!RetryClassification.isRetriable(PaymentError.cardDeclined()))
        #expect(!RetryClassification.isRetriable(PaymentError.insufficientFunds()))
    }

    @Test("the underlying error stays off the wire")
    func underlying() {
        struct SocketError: Error {}
        let error = PaymentError.network("gateway unreachable", underlying: SocketError())
        #expect(error.underlying is SocketError)
        #expect(error.wireError.details == nil)
        #expect(error.description == "network: gateway unreachable")
    }
}
