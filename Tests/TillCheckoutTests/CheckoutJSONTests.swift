import Foundation
import Testing
import TillAPI
import TillWire

@testable import TillCheckout

/// `checkout.start` params, the saga view and the stored order take Till's JSON fast path: it
/// must agree with the Codable conformances (and, for the params hash, byte for byte with
/// `JSONEncoder`'s sorted output, so hashes stored before still match).
struct CheckoutJSONTests {
    static let orders: [CheckoutStartParams] = [
        CheckoutPricingTests.order,
        CheckoutStartParams(
            orderID: "ord-ü/1", customer: CustomerInfo(id: "c\"2", email: "grace@example.com", ip: "10.0.0.1"),
            items: [CheckoutItem(sku: "mug", quantity: 3, unitPrice: 1250)], currency: "EUR", cardToken: "tok_visa",
            billingCountry: "FR", cardCountry: "FR",
            shippingAddress: ShippingAddress(name: "Grace\tH", line1: "Rue 2\n", city: "Paris", postalCode: "75001", country: "FR"),
            wait: false
        ),
    ]

    @Test(arguments: orders)
    func theOrderIsWrittenExactlyAsJSONEncoderSortsIt(order: CheckoutStartParams) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let codable = String(decoding: try encoder.encode(order), as: UTF8.self)
        #expect(order.jsonValue.jsonText == codable)
        #expect(try JSONDecoder().decode(CheckoutStartParams.self, from: Data(codable.utf8)) == order)
    }

    @Test(arguments: orders)
    func theOrderIsReadFastAsDecodableReadsIt(order: CheckoutStartParams) throws {
        let json = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(order))
        #expect(CheckoutStartParams(jsonValue: json) == order)
    }

    @Test func unusualParamsAreLeftToDecodable() {
        var json = CheckoutPricingTests.order.jsonValue
        guard case .object(var object) = json else { Issue.record("not an object"); return }
        object["wait"] = "yes"
        json = .object(object)
        #expect(CheckoutStartParams(jsonValue: json) == nil)
        object["wait"] = nil
        object["items"] = [["sku": "a", "quantity": 1.5]]
        #expect(CheckoutStartParams(jsonValue: .object(object)) == nil)
        object["items"] = [["sku": "a", "quantity": 1, "unit_price": nil]]
        #expect(CheckoutStartParams(jsonValue: .object(object))?.items == [CheckoutItem(sku: "a", quantity: 1)])
    }

    @Test func theParamsHashIsTheSHA256OfTheSortedJSON() {
        #expect(CheckoutService.paramsHash(CheckoutPricingTests.order) == CheckoutService.paramsHash(CheckoutPricingTests.order))
        var other = CheckoutPricingTests.order
        other.cardToken = "tok_mastercard"
        #expect(CheckoutService.paramsHash(other) != CheckoutService.paramsHash(CheckoutPricingTests.order))
    }

    @Test func theViewIsWrittenAsItsCodableConformanceWritesIt() throws {
        let views = [
            SagaView(
                orderID: "o1", sagaID: "saga_o1", state: .compensated,
                steps: [
                    SagaStepView(name: "reserve_inventory", state: .compensated, attempts: 2),
                    SagaStepView(
                        name: "authorize_payment", state: .failed, attempts: 1,
                        error: WireError(.invalidState, "declined", details: ["decline_code": "insufficient_funds"])
                    ),
                ],
                reservationID: "res_o1", paymentID: "pay_o1", total: Price(amount: 2500, currency: "EUR"), createdAt: 1, updatedAt: 2
            ),
            SagaView(orderID: "o2", sagaID: "saga_o2", state: .running, steps: [], total: Price(amount: 0, currency: "USD"), createdAt: 3, updatedAt: 3),
        ]
        for view in views {
            #expect(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(view)) == view.jsonValue)
            #expect(try JSONDecoder().decode(SagaView.self, from: Data(view.jsonValue.jsonText.utf8)) == view)
        }
        let page = CheckoutListResult(sagas: views, cursor: "3:saga_o2")
        #expect(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(page)) == page.jsonValue)
        let last = CheckoutListResult(sagas: [], cursor: nil)
        #expect(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(last)) == last.jsonValue)
    }
}
