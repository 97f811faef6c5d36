import Foundation
import Testing
import TillAPI
import TillWire

@testable import TillClients

/// The typed clients write params and read results through `JSONValue` rather than Foundation's
/// coders: per type, the fast path must match the Codable one.
struct ClientJSONTests {
    /// Params written fast decode (as the server's `Decodable` would) to the value sent.
    func roundTrips<Params: ClientParams & Decodable & Equatable>(_ params: Params) throws -> Bool {
        let written = try JSONDecoder().decode(Params.self, from: Data(params.clientJSON.jsonText.utf8))
        let codable = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(params))
        return written == params && codable == params.clientJSON
    }

    /// A result the server wrote with `Encodable` is read fast as `Decodable` reads it.
    func readsBack<Result: ClientResult & Encodable & Equatable>(_ result: Result) throws -> Bool {
        let json = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(result))
        return Result(clientJSON: json) == result
    }

    static let customer = CustomerInfo(id: "c1", email: "ada@example.com", ip: "10.1.2.3")
    static let address = ShippingAddress(name: "Ada \"L\"", line1: "Main St 1", city: "Berlin", postalCode: "10115", country: "DE")

    @Test func inventory() throws {
        #expect(try roundTrips(ReserveParams(reservationID: "res_1", items: [ReserveItem(sku: "a", quantity: 2), ReserveItem(sku: "b", quantity: 1)])))
        #expect(try roundTrips(ReservationIDParams(reservationID: "res_1")))
        var reserved = ReserveResult(reservationID: "res_1", items: [ReservedItem(sku: "a", quantity: 2, unitPrice: Price(amount: 1250, currency: "EUR"))])
        #expect(try readsBack(reserved))
        reserved.state = "committed"
        #expect(try readsBack(reserved))
        #expect(try readsBack(ReservationStateResult(reservationID: "res_1", state: "released")))
    }

    @Test func payments() throws {
        #expect(try roundTrips(AuthorizeParams(
            paymentID: "pay_1", orderID: "o1", amount: 2500, currency: "EUR", cardToken: "tok_visa",
            customer: Self.customer, billingCountry: "DE", cardCountry: "DE"
        )))
        #expect(try roundTrips(AuthorizeParams(
            paymentID: "pay_1", orderID: "o1", amount: 1, currency: "USD", cardToken: "tok_visa",
            customer: CustomerInfo(id: "c", email: "e@example.com"), billingCountry: "US"
        )))
        #expect(try roundTrips(CaptureParams(paymentID: "pay_1", amount: 2500)))
        #expect(try roundTrips(CaptureParams(paymentID: "pay_1")))
        #expect(try roundTrips(PaymentIDParams(paymentID: "pay_1")))
        let fraud = FraudReport(decision: "allow", score: 12, rules: [FraudRuleReport(rule: "velocity", verdict: "pass", score: 0, reason: "")])
        #expect(try readsBack(AuthorizeResult(paymentID: "pay_1", authorizationID: "auth_1", fraud: fraud)))
        #expect(try readsBack(AuthorizeResult(paymentID: "pay_1", state: "authorized", authorizationID: "a", fraud: FraudReport(decision: "allow", score: 0, rules: []))))
        #expect(try readsBack(CaptureResult(paymentID: "pay_1", capturedAmount: 2500)))
        #expect(try readsBack(VoidResult(paymentID: "pay_1", state: "void_requested")))
    }

    @Test func shipping() throws {
        #expect(try roundTrips(CreateShipmentParams(shipmentID: "shp_1", orderID: "o1", address: Self.address, items: [ShipmentItem(sku: "a", quantity: 2)])))
        #expect(try roundTrips(ShipmentIDParams(shipmentID: "shp_1")))
        var created = CreateShipmentResult(shipmentID: "shp_1", carrier: "sim", trackingNumber: "TRK1")
        #expect(try readsBack(created))
        created.state = "dispatched"
        #expect(try readsBack(created))
        #expect(try readsBack(ShipmentView(shipmentID: "shp_1", state: "cancelled", trackingNumber: nil)))
        #expect(try readsBack(ShipmentView(shipmentID: "shp_1", state: "created", trackingNumber: "TRK1")))
    }

    @Test func anUnusualResultIsLeftToDecodable() {
        #expect(CaptureResult(clientJSON: ["payment_id": "p", "state": "captured", "captured_amount": 2.5]) == nil)
        #expect(ShipmentView(clientJSON: ["shipment_id": "s", "state": "created", "tracking_number": 7]) == nil)
    }
}
