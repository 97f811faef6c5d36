import Testing
import TillAPI
import TillSaga
import TillWire

@testable import TillCheckout

struct CheckoutPricingTests {
    static let order = CheckoutStartParams(
        orderID: "o1",
        customer: CustomerInfo(id: "c1", email: "ada@example.com"),
        items: [CheckoutItem(sku: "a", quantity: 2), CheckoutItem(sku: "b", quantity: 1, unitPrice: 500)],
        currency: "USD",
        cardToken: "tok_visa",
        billingCountry: "DE",
        shippingAddress: ShippingAddress(name: "Ada", line1: "Main St 1", city: "Berlin", postalCode: "10115", country: "DE")
    )

    static func reserved(_ prices: [(String, Int64, String)]) -> [ReservedItem] {
        prices.map { sku, amount, currency in ReservedItem(sku: sku, quantity: 1, unitPrice: Price(amount: amount, currency: currency)) }
    }

    @Test func theTotalComesFromInventorysPrices() throws {
        let output = try CheckoutSteps.priced(Self.order, reserved: Self.reserved([("a", 1_250, "USD"), ("b", 500, "USD")]))
        #expect(output["total"] == 3_000)
        #expect(output["currency"] == "USD")
    }

    @Test func aCallersPriceThatDiffersIsPriceChangedAndMaybeDone() {
        #expect {
            _ = try CheckoutSteps.priced(Self.order, reserved: Self.reserved([("a", 1_250, "USD"), ("b", 450, "USD")]))
        } throws: { error in
            guard let failure = error as? SagaStepFailure else { return false }
            return failure.error.code == .priceChanged && failure.maybeDone && !failure.retryWithinStep
                && failure.error.details == ["sku": "b", "expected": 500, "actual": 450]
        }
    }

    @Test func anotherCurrencyIsRefusedToo() {
        #expect(throws: SagaStepFailure.self) {
            _ = try CheckoutSteps.priced(Self.order, reserved: Self.reserved([("a", 1_250, "EUR"), ("b", 500, "EUR")]))
        }
    }

    @Test func idsDeriveFromTheOrder() {
        let ids = CheckoutIDs(orderID: "o-7")
        #expect([ids.sagaID, ids.reservationID, ids.paymentID, ids.shipmentID] == ["saga_o-7", "res_o-7", "pay_o-7", "shp_o-7"])
        #expect(CheckoutIDs(sagaID: "saga_o-7") == ids)
        #expect(CheckoutIDs(sagaID: "other") == nil)
    }

    @Test func stepErrorsFollowTheOneLayerPerHopRule() {
        let cases: [(RPCError, retry: Bool, maybeDone: Bool)] = [
            (RPCError(WireError(.unavailable, "down"), source: .transport), true, true),
            (RPCError(WireError(.unavailable, "gateway down"), source: .server), true, true),
            (RPCError(WireError(.overloaded, "busy"), source: .server), true, true),
            (RPCError(WireError(.idempotencyInProgress, "busy"), source: .server), true, true),
            (RPCError(WireError(.deadlineExceeded, "late"), source: .local), false, true),
            (RPCError(WireError(.rateLimited, "slow down"), source: .server), false, false),
            (RPCError(WireError(WireErrorCode("card_declined"), "no"), source: .server), false, false),
            // Payments' gateway call timed out or lost its connection: a capture may have happened.
            (RPCError(WireError(WireErrorCode("timeout"), "gateway capture timed out; outcome unknown"), source: .server), false, true),
            (RPCError(WireError(WireErrorCode("network"), "gateway dropped the connection"), source: .server), false, true),
        ]
        for (error, retry, maybeDone) in cases {
            let failure = SagaStepFailure(error)
            #expect(failure.retryWithinStep == retry && failure.maybeDone == maybeDone, "\(error)")
        }
    }

    @Test func theParamsHashFollowsTheOrder() {
        let a = CheckoutService.paramsHash(Self.order)
        var other = Self.order
        other.items[0].quantity = 3
        #expect(a == CheckoutService.paramsHash(Self.order))
        #expect(a != CheckoutService.paramsHash(other))
    }

    @Test func validationNamesTheField() {
        var order = Self.order
        order.items[1].quantity = 0
        #expect(throws: WireError.badRequest(field: "items[1].quantity", "quantity must be at least 1")) {
            try CheckoutValidation.order(order)
        }
        order = Self.order
        order.shippingAddress.country = "de"
        #expect(throws: WireError.self) { try CheckoutValidation.order(order) }
    }
}
