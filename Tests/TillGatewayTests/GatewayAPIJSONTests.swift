import Foundation
import Testing
import TillGatewayHTTP
import TillPayments
import TillWire

/// The authorization's request and answer are written and read as `JSONValue` on both sides of
/// the gateway API: that JSON must be exactly the Codable conformances'.
@Suite("Gateway API JSON fast paths")
struct GatewayAPIJSONTests {
    static func encoded(_ value: some Encodable) throws -> JSONValue {
        try #require(CanonicalJSON.parse(Array(JSONEncoder().encode(value))))
    }

    @Test("an authorize body is the JSON JSONEncoder writes, and reads back the same", arguments: ["c@x.example", nil])
    func authorizeBody(email: String?) throws {
        let body = AuthorizeBody(
            paymentID: "pay_1", orderID: "ord_1", amount: 4_999, currency: "USD", cardToken: "tok_visa", customerID: "cus_1",
            email: email, billingCountry: "US"
        )
        let json = try Self.encoded(body)
        #expect(body.jsonValue == json)
        #expect(AuthorizeBody(jsonValue: json) == body)
        #expect(AuthorizeBody(jsonValue: ["payment_id": "p"]) == nil)
    }

    @Test("an authorization answer is the JSON JSONEncoder writes, and reads back the same")
    func authorizationBody() throws {
        let body = AuthorizationBody(
            paymentID: "pay_1", authorizationID: "auth_1", state: .authorized, amount: 4_999, currency: "USD",
            checks: AuthorizationChecks(avs: .partial, cvv: .mismatch)
        )
        let json = try Self.encoded(body)
        #expect(body.jsonValue == json)
        #expect(AuthorizationBody(jsonValue: json) == body)
        var unknownState = json
        if case .object(var members) = json {
            members["state"] = "teleported"
            unknownState = .object(members)
        }
        #expect(AuthorizationBody(jsonValue: unknownState) == nil)
    }
}
