import Foundation
import Testing
import TillAPI
import TillPayments
import TillWire

@testable import TillPaymentsService

/// The hot-path JSON of `payments.*` (built or read as `JSONValue`) must be exactly what the
/// Codable conformances produce and accept, so that the two paths never drift apart.
@Suite("Payments JSON fast paths")
struct PaymentsJSONFastPathTests {
    static let fraud = FraudReport(
        decision: "review", score: 35,
        rules: [
            FraudRuleReport(rule: "velocity", verdict: "approve", score: 0, reason: "1 payment in 1 h"),
            FraudRuleReport(rule: "high_amount", verdict: "review", score: 35, reason: "amount \"above\" 10,000.00 USD\n"),
        ]
    )

    /// The JSON `JSONEncoder` writes for `value`, read back as a `JSONValue`.
    static func encoded(_ value: some Encodable) throws -> JSONValue {
        try #require(CanonicalJSON.parse(Array(JSONEncoder().encode(value))))
    }

    static func json(_ text: String) throws -> JSONValue {
        try #require(CanonicalJSON.parse(Array(text.utf8)))
    }

    @Test("results are the JSON their Encodable conformances write")
    func results() throws {
        let authorize = AuthorizeResult(paymentID: "pay_1", authorizationID: "auth_1", fraud: Self.fraud)
        #expect(authorize.jsonValue == (try Self.encoded(authorize)))
        #expect(Self.fraud.jsonValue == (try Self.encoded(Self.fraud)))
        let capture = CaptureResult(paymentID: "pay_1", capturedAmount: 4_999)
        #expect(capture.jsonValue == (try Self.encoded(capture)))
        let void = TillAPI.VoidResult(paymentID: "pay_é/1")
        #expect(void.jsonValue == (try Self.encoded(void)))
        let refund = RefundResult(paymentID: "pay_1", refundID: "re_1", state: "partially_refunded", refundedAmount: Int64.max)
        #expect(refund.jsonValue == (try Self.encoded(refund)))
    }

    @Test("a fraud report reads back as the Decodable conformance reads it")
    func fraudReport() throws {
        let json = try Self.encoded(Self.fraud)
        #expect(FraudReport(jsonValue: json) == Self.fraud)
        #expect(FraudReport(jsonValue: ["decision": "approve", "score": "0", "rules": []]) == nil)
    }

    @Test("authorize params read in one pass equal the Decodable ones", arguments: [
        #"{"payment_id":"p","order_id":"o","amount":4999,"currency":"USD","card_token":"tok_visa","customer":{"id":"c","email":"c@x.example"},"billing_country":"US"}"#,
        #"{"payment_id":"p","order_id":"o","amount":1,"currency":"EUR","card_token":"tok_visa","customer":{"id":"c","email":"e","ip":"10.0.0.1"},"billing_country":"DE","card_country":"FR"}"#,
        #"{"payment_id":"p","order_id":"o","amount":1,"currency":"EUR","card_token":"t","customer":{"id":"c","email":"e","ip":null},"billing_country":"DE","card_country":null,"extra":[1]}"#,
    ])
    func authorizeParams(text: String) throws {
        let decoded = try JSONDecoder().decode(AuthorizeParams.self, from: Data(text.utf8))
        #expect(AuthorizeParams(jsonValue: try Self.json(text)) == decoded)
    }

    @Test("unusual authorize params are left to Decodable", arguments: [
        #"{"payment_id":"p","order_id":"o","amount":49.5,"currency":"USD","card_token":"t","customer":{"id":"c","email":"e"},"billing_country":"US"}"#,
        #"{"payment_id":"p","order_id":"o","amount":1,"currency":"USD","card_token":"t","customer":{"id":"c","email":"e","ip":7},"billing_country":"US"}"#,
        #"{"payment_id":"p","order_id":"o","amount":1,"currency":"USD","card_token":"t","customer":{"id":"c","email":"e"},"billing_country":"US","card_country":1}"#,
        #"{"payment_id":"p","amount":1,"currency":"USD","card_token":"t","customer":{"id":"c","email":"e"},"billing_country":"US"}"#,
    ])
    func unusualAuthorizeParams(text: String) throws {
        #expect(AuthorizeParams(jsonValue: try Self.json(text)) == nil)
    }

    @Test("the stored fraud assessment is the JSON JSONEncoder wrote, and reads back as its report")
    func storedAssessment() throws {
        let assessment = FraudAssessment(
            decision: .review, score: 35,
            verdicts: [FraudVerdict(rule: "high_amount", verdict: .review, score: 35, reason: "large"), .pass("velocity", reason: "ok")]
        )
        let stored = PaymentsService.fraudJSON(assessment)
        #expect(try Self.json(stored) == (try Self.encoded(assessment)))
        #expect(PaymentsService.report(json: stored) == PaymentsService.report(assessment))
        #expect(PaymentsService.report(json: "not json") == FraudReport(decision: "approve", score: 0, rules: []))
    }

    @Test("payment events leave out absent fields as JSONEncoder does")
    func events() throws {
        let full = PaymentEvent(
            "payment.authorized", paymentID: "pay_1", traceID: "t1", orderID: "o1", amount: 4_999, currency: "USD",
            state: "authorized", source: .api, detail: "d"
        )
        let sparse = PaymentEvent("webhook.received", paymentID: nil, traceID: nil)
        for event in [full, sparse] {
            #expect(try Self.json(event.json()) == (try Self.encoded(event)))
        }
    }

    @Test("webhook events read in one pass equal the Decodable ones", arguments: [
        #"{"created":1700000000,"data":{"object":{"amount":4999,"captured_amount":4999,"currency":"USD","payment_id":"p","state":"captured"}},"id":"evt_1","type":"charge.captured"}"#,
        #"{"data":{"object":{"payment_id":"p","refund_id":"re_1","amount":10,"currency":null}},"id":"evt_2","type":"charge.refunded"}"#,
    ])
    func webhookEvents(text: String) throws {
        let decoded = try JSONDecoder().decode(GatewayWebhookEvent.self, from: Data(text.utf8))
        #expect(GatewayWebhookEvent(jsonValue: try Self.json(text)) == decoded)
        #expect(try GatewayWebhookEvent.decode(Array(text.utf8)) == decoded)
    }

    @Test("unusual webhook events are left to Decodable, which still refuses what it refuses")
    func unusualWebhookEvents() throws {
        let stringAmount = #"{"data":{"object":{"payment_id":"p","amount":"10"}},"id":"e","type":"charge.captured"}"#
        #expect(GatewayWebhookEvent(jsonValue: try Self.json(stringAmount)) == nil)
        #expect(throws: (any Error).self) { try GatewayWebhookEvent.decode(Array(stringAmount.utf8)) }
        #expect(throws: (any Error).self) { try GatewayWebhookEvent.decode(Array("[]".utf8)) }
    }
}
