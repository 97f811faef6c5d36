import TillSaga
import TillWire

/// The actions and compensations of the checkout saga, as requests to the services.
///
/// Compensations tolerate an action that never happened: `release` and `cancel` leave tombstones
/// (a late action is refused), and a `void` that finds no authorization, or one that already
/// failed or was voided, has nothing to undo.
struct CheckoutSteps: Sendable {
    let downstream: CheckoutDownstream

    // MARK: reserve_inventory [release_inventory]

    /// Holds the stock and checks the caller's prices; the output carries inventory's prices and
    /// the total every later step charges.
    var reserve: SagaStep<CheckoutOrder>.Action {
        { [downstream] (call: SagaStepCall<CheckoutOrder>) async throws(SagaStepFailure) -> JSONValue in
            let order = call.input
            let ids = CheckoutIDs(orderID: order.orderID)
            let items: [JSONValue] = order.items.map { ["sku": .string($0.sku), "quantity": .integer($0.quantity)] }
            let result = try await downstream.call(
                downstream.inventory, "inventory.reserve",
                ["reservation_id": .string(ids.reservationID), "items": .array(items)], call
            )
            return try Self.priced(order, reserved: result)
        }
    }

    var release: SagaStep<CheckoutOrder>.Compensation {
        { [downstream] (call: SagaStepCall<CheckoutOrder>) async throws(SagaStepFailure) in
            let ids = CheckoutIDs(orderID: call.input.orderID)
            _ = try await downstream.call(downstream.inventory, "inventory.release", ["reservation_id": .string(ids.reservationID)], call)
        }
    }

    /// `{items: [{sku, quantity, unit_price}], total, currency}` from inventory's reserve result;
    /// a caller's price that differs is `price_changed` — maybe done, so the stock is released.
    static func priced(_ order: CheckoutOrder, reserved: JSONValue) throws(SagaStepFailure) -> JSONValue {
        guard case .array(let lines)? = reserved["items"] else {
            throw SagaStepFailure(CheckoutError.unreadable("inventory.reserve"), retryWithinStep: false, maybeDone: true)
        }
        var prices: [String: (amount: Int64, currency: String)] = [:]
        for line in lines {
            guard let sku = line["sku"]?.stringValue, let amount = line["unit_price"]?["amount"]?.integerValue,
                let currency = line["unit_price"]?["currency"]?.stringValue
            else {
                throw SagaStepFailure(CheckoutError.unreadable("inventory.reserve"), retryWithinStep: false, maybeDone: true)
            }
            prices[sku] = (amount, currency)
        }
        var total: Int64 = 0
        var priced: [JSONValue] = []
        for item in order.items {
            guard let price = prices[item.sku] else {
                throw SagaStepFailure(CheckoutError.unreadable("inventory.reserve"), retryWithinStep: false, maybeDone: true)
            }
            if price.currency != order.currency {
                throw SagaStepFailure(CheckoutError.currencyMismatch(sku: item.sku, expected: order.currency, actual: price.currency), retryWithinStep: false, maybeDone: true)
            }
            if let expected = item.unitPrice, expected != price.amount {
                throw SagaStepFailure(CheckoutError.priceChanged(sku: item.sku, expected: expected, actual: price.amount), retryWithinStep: false, maybeDone: true)
            }
            let (line, overflow) = price.amount.multipliedReportingOverflow(by: item.quantity)
            let (sum, overflowAgain) = total.addingReportingOverflow(line)
            guard !overflow, !overflowAgain else {
                throw SagaStepFailure(WireError(.badRequest, "the order total overflows"), retryWithinStep: false, maybeDone: true)
            }
            total = sum
            priced.append(["sku": .string(item.sku), "quantity": .integer(item.quantity), "unit_price": .integer(price.amount)])
        }
        return ["items": .array(priced), "total": .integer(total), "currency": .string(order.currency)]
    }

    // MARK: authorize_payment [void_payment]

    var authorize: SagaStep<CheckoutOrder>.Action {
        { [downstream] (call: SagaStepCall<CheckoutOrder>) async throws(SagaStepFailure) -> JSONValue in
            let order = call.input
            let ids = CheckoutIDs(orderID: order.orderID)
            var customer: [String: JSONValue] = ["id": .string(order.customer.id), "email": .string(order.customer.email)]
            if let ip = order.customer.ip { customer["ip"] = .string(ip) }
            var params: [String: JSONValue] = [
                "payment_id": .string(ids.paymentID),
                "order_id": .string(order.orderID),
                "amount": .integer(try Self.total(call)),
                "currency": .string(order.currency),
                "card_token": .string(order.cardToken),
                "customer": .object(customer),
                "billing_country": .string(order.billingCountry),
            ]
            if let cardCountry = order.cardCountry { params["card_country"] = .string(cardCountry) }
            let result = try await downstream.call(downstream.payments, "payments.authorize", .object(params), call)
            return ["authorization_id": result["authorization_id"] ?? .null]
        }
    }

    var void: SagaStep<CheckoutOrder>.Compensation {
        { [downstream] (call: SagaStepCall<CheckoutOrder>) async throws(SagaStepFailure) in
            let paymentID = JSONValue.string(CheckoutIDs(orderID: call.input.orderID).paymentID)
            do throws(SagaStepFailure) {
                _ = try await downstream.call(downstream.payments, "payments.void", ["payment_id": paymentID], call)
            } catch where error.error.code == .notFound {
                // The authorization never arrived: nothing to undo.
            } catch where error.error.code == .invalidState {
                // Nothing to undo if the payment failed or is voided already; a captured one is a real failure.
                let payment = try await downstream.call(downstream.payments, "payments.get", ["payment_id": paymentID], call)
                guard let state = payment["state"]?.stringValue, ["failed", "voided"].contains(state) else { throw error }
            }
        }
    }

    // MARK: create_shipment [cancel_shipment]

    var ship: SagaStep<CheckoutOrder>.Action {
        { [downstream] (call: SagaStepCall<CheckoutOrder>) async throws(SagaStepFailure) -> JSONValue in
            let order = call.input
            let ids = CheckoutIDs(orderID: order.orderID)
            let address = order.shippingAddress
            let result = try await downstream.call(
                downstream.shipping, "shipping.create",
                [
                    "shipment_id": .string(ids.shipmentID),
                    "order_id": .string(order.orderID),
                    "address": [
                        "name": .string(address.name), "line1": .string(address.line1), "city": .string(address.city),
                        "postal_code": .string(address.postalCode), "country": .string(address.country),
                    ],
                    "items": .array(order.items.map { ["sku": .string($0.sku), "quantity": .integer($0.quantity)] }),
                ],
                call
            )
            return ["tracking_number": result["tracking_number"] ?? .null]
        }
    }

    var cancel: SagaStep<CheckoutOrder>.Compensation {
        { [downstream] (call: SagaStepCall<CheckoutOrder>) async throws(SagaStepFailure) in
            let ids = CheckoutIDs(orderID: call.input.orderID)
            _ = try await downstream.call(downstream.shipping, "shipping.cancel", ["shipment_id": .string(ids.shipmentID)], call)
        }
    }

    // MARK: capture_payment (pivot), commit_inventory

    var capture: SagaStep<CheckoutOrder>.Action {
        { [downstream] (call: SagaStepCall<CheckoutOrder>) async throws(SagaStepFailure) -> JSONValue in
            let ids = CheckoutIDs(orderID: call.input.orderID)
            let result = try await downstream.call(
                downstream.payments, "payments.capture",
                ["payment_id": .string(ids.paymentID), "amount": .integer(try Self.total(call))], call
            )
            return ["captured_amount": result["captured_amount"] ?? .null]
        }
    }

    var commit: SagaStep<CheckoutOrder>.Action {
        { [downstream] (call: SagaStepCall<CheckoutOrder>) async throws(SagaStepFailure) -> JSONValue in
            let ids = CheckoutIDs(orderID: call.input.orderID)
            _ = try await downstream.call(downstream.inventory, "inventory.commit", ["reservation_id": .string(ids.reservationID)], call)
            return .null
        }
    }

    /// The total priced by the reserve step.
    static func total(_ call: SagaStepCall<CheckoutOrder>) throws(SagaStepFailure) -> Int64 {
        guard let total = call.outputs["reserve_inventory"]?["total"]?.integerValue else {
            throw .refused(WireError(.internal, "the reserve step left no total"))
        }
        return total
    }
}
