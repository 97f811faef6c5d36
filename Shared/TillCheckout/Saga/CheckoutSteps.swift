import TillAPI
import TillClients
import TillSaga
import TillWire

/// The actions and compensations of the checkout saga, as requests to the services.
///
/// Compensations tolerate an action that never happened: `release`, `void` and `cancel` leave
/// tombstones (a late action is refused), and a `void` that finds the payment failed or voided
/// already has nothing to undo.
struct CheckoutSteps: Sendable {
    typealias Call = SagaStepCall<CheckoutStartParams>

    let downstream: CheckoutDownstream

    // MARK: reserve_inventory [release_inventory]

    /// Holds the stock and checks the caller's prices; the output carries inventory's prices and
    /// the total every later step charges.
    var reserve: SagaStep<CheckoutStartParams>.Action {
        { [downstream] (call: Call) async throws(SagaStepFailure) -> JSONValue in
            let order = call.input
            let params = ReserveParams(
                reservationID: CheckoutIDs(orderID: order.orderID).reservationID,
                items: order.items.map { ReserveItem(sku: $0.sku, quantity: $0.quantity) }
            )
            let result = try await CheckoutDownstream.request { () async throws(RPCError) -> ReserveResult in
                try await downstream.inventory.reserve(params, idempotencyKey: call.idempotencyKey, deadline: call.remainingBudget, traceID: call.traceID)
            }
            return try Self.priced(order, reserved: result.items)
        }
    }

    var release: SagaStep<CheckoutStartParams>.Compensation {
        { [downstream] (call: Call) async throws(SagaStepFailure) in
            let id = CheckoutIDs(orderID: call.input.orderID).reservationID
            _ = try await CheckoutDownstream.request { () async throws(RPCError) -> ReservationStateResult in
                try await downstream.inventory.release(reservationID: id, idempotencyKey: call.idempotencyKey, deadline: call.remainingBudget, traceID: call.traceID)
            }
        }
    }

    /// `{items: [{sku, quantity, unit_price}], total, currency}` from inventory's reserved lines;
    /// a caller's price that differs is `price_changed` — maybe done, so the stock is released.
    static func priced(_ order: CheckoutStartParams, reserved: [ReservedItem]) throws(SagaStepFailure) -> JSONValue {
        var prices: [String: Price] = [:]
        for line in reserved { prices[line.sku] = line.unitPrice }
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

    var authorize: SagaStep<CheckoutStartParams>.Action {
        { [downstream] (call: Call) async throws(SagaStepFailure) -> JSONValue in
            let order = call.input
            let params = AuthorizeParams(
                paymentID: CheckoutIDs(orderID: order.orderID).paymentID, orderID: order.orderID, amount: try Self.total(call),
                currency: order.currency, cardToken: order.cardToken, customer: order.customer,
                billingCountry: order.billingCountry, cardCountry: order.cardCountry
            )
            do throws(SagaStepFailure) {
                let result = try await CheckoutDownstream.request { () async throws(RPCError) -> AuthorizeResult in
                    try await downstream.payments.authorize(params, idempotencyKey: call.idempotencyKey, deadline: call.remainingBudget, traceID: call.traceID)
                }
                return ["authorization_id": .string(result.authorizationID)]
            } catch where error.error.details?["payment_state"] == "unknown" {
                // The gateway did not answer: payments resolves the outcome by asking it, never by
                // charging again. The checkout does not wait for that; it rolls back, and the void
                // is recorded against whatever the gateway did.
                throw SagaStepFailure(error.error, retryWithinStep: false, maybeDone: true)
            }
        }
    }

    var void: SagaStep<CheckoutStartParams>.Compensation {
        { [downstream] (call: Call) async throws(SagaStepFailure) in
            let paymentID = CheckoutIDs(orderID: call.input.orderID).paymentID
            do throws(SagaStepFailure) {
                _ = try await CheckoutDownstream.request { () async throws(RPCError) -> VoidResult in
                    try await downstream.payments.void(paymentID: paymentID, idempotencyKey: call.idempotencyKey, deadline: call.remainingBudget, traceID: call.traceID)
                }
            } catch where error.error.code == .invalidState {
                // Nothing to undo if the payment failed or is voided already; a captured one is a real failure.
                let payment = try await CheckoutDownstream.request { () async throws(RPCError) -> PaymentView in
                    try await downstream.payments.get(paymentID: paymentID, deadline: call.remainingBudget, traceID: call.traceID)
                }
                guard ["failed", "voided", "void_requested"].contains(payment.state) else { throw error }
            }
        }
    }

    // MARK: create_shipment [cancel_shipment]

    var ship: SagaStep<CheckoutStartParams>.Action {
        { [downstream] (call: Call) async throws(SagaStepFailure) -> JSONValue in
            let order = call.input
            let params = CreateShipmentParams(
                shipmentID: CheckoutIDs(orderID: order.orderID).shipmentID, orderID: order.orderID, address: order.shippingAddress,
                items: order.items.map { ShipmentItem(sku: $0.sku, quantity: $0.quantity) }
            )
            let result = try await CheckoutDownstream.request { () async throws(RPCError) -> CreateShipmentResult in
                try await downstream.shipping.create(params, idempotencyKey: call.idempotencyKey, deadline: call.remainingBudget, traceID: call.traceID)
            }
            return ["tracking_number": .string(result.trackingNumber)]
        }
    }

    var cancel: SagaStep<CheckoutStartParams>.Compensation {
        { [downstream] (call: Call) async throws(SagaStepFailure) in
            let id = CheckoutIDs(orderID: call.input.orderID).shipmentID
            _ = try await CheckoutDownstream.request { () async throws(RPCError) -> ShipmentView in
                try await downstream.shipping.cancel(shipmentID: id, idempotencyKey: call.idempotencyKey, deadline: call.remainingBudget, traceID: call.traceID)
            }
        }
    }

    // MARK: capture_payment (pivot), commit_inventory

    var capture: SagaStep<CheckoutStartParams>.Action {
        { [downstream] (call: Call) async throws(SagaStepFailure) -> JSONValue in
            let params = CaptureParams(paymentID: CheckoutIDs(orderID: call.input.orderID).paymentID, amount: try Self.total(call))
            let result = try await CheckoutDownstream.request { () async throws(RPCError) -> CaptureResult in
                try await downstream.payments.capture(params, idempotencyKey: call.idempotencyKey, deadline: call.remainingBudget, traceID: call.traceID)
            }
            return ["captured_amount": .integer(result.capturedAmount)]
        }
    }

    var commit: SagaStep<CheckoutStartParams>.Action {
        { [downstream] (call: Call) async throws(SagaStepFailure) -> JSONValue in
            let id = CheckoutIDs(orderID: call.input.orderID).reservationID
            _ = try await CheckoutDownstream.request { () async throws(RPCError) -> ReservationStateResult in
                try await downstream.inventory.commit(reservationID: id, idempotencyKey: call.idempotencyKey, deadline: call.remainingBudget, traceID: call.traceID)
            }
            return .null
        }
    }

    /// The total priced by the reserve step.
    static func total(_ call: Call) throws(SagaStepFailure) -> Int64 {
        guard let total = call.outputs["reserve_inventory"]?["total"]?.integerValue else {
            throw .refused(WireError(.internal, "the reserve step left no total"))
        }
        return total
    }
}
