import TillAPI
import TillResilience
import TillSaga
import TillWire

/// The checkout saga of `API.md`:
/// `reserve_inventory` [`release_inventory`] → `authorize_payment` [`void_payment`] →
/// `create_shipment` [`cancel_shipment`] → **`capture_payment`** (pivot) → `commit_inventory`
/// (retried until it succeeds).
public enum CheckoutSaga {
    /// The saga kind: names its index keys and appears in its events.
    public static let kind = "checkout"

    /// Step timeouts and the saga policy.
    public struct Configuration: Sendable {
        /// One attempt of an inventory or shipping step, its retries included.
        public var stepTimeout: Duration = .seconds(10)
        /// One attempt of a payments step (the gateway is slower and retried by payments).
        public var paymentStepTimeout: Duration = .seconds(15)
        public var policy = SagaPolicy()

        public init() {}
    }

    public static func definition(downstream: CheckoutDownstream, configuration: Configuration = Configuration()) -> SagaDefinition<CheckoutStartParams> {
        let steps = CheckoutSteps(downstream: downstream)
        // Every step's requests carry the step's remaining budget as their deadline (the RPC
        // client enforces it, and a request past it fails as maybe done): no racing timer needed.
        let retry = RetryPolicy(maxAttempts: 1_000, baseDelay: .milliseconds(50), maxDelay: .seconds(1))
        return SagaDefinition(
            name: kind,
            steps: [
                SagaStep(
                    name: "reserve_inventory", timeout: configuration.stepTimeout, retryPolicy: retry, honoursDeadline: true,
                    action: steps.reserve, compensation: (name: "release_inventory", run: steps.release)
                ),
                SagaStep(
                    name: "authorize_payment", timeout: configuration.paymentStepTimeout, retryPolicy: retry, honoursDeadline: true,
                    action: steps.authorize, compensation: (name: "void_payment", run: steps.void)
                ),
                SagaStep(
                    name: "create_shipment", timeout: configuration.stepTimeout, retryPolicy: retry, honoursDeadline: true,
                    action: steps.ship, compensation: (name: "cancel_shipment", run: steps.cancel)
                ),
                SagaStep(
                    name: "capture_payment", kind: .pivot, timeout: configuration.paymentStepTimeout, retryPolicy: retry, honoursDeadline: true,
                    action: steps.capture
                ),
                SagaStep(
                    name: "commit_inventory", kind: .retriedUntilSuccess, timeout: configuration.stepTimeout, retryPolicy: retry, honoursDeadline: true,
                    action: steps.commit
                ),
            ],
            policy: configuration.policy,
            context: { sagaID, order, outputs in Self.context(sagaID: sagaID, order: order, outputs: outputs) },
            eventFields: { sagaID in
                ["order_id": .string(CheckoutIDs(sagaID: sagaID)?.orderID ?? sagaID)]
            }
        )
    }

    /// The record's context: the derived ids of the steps reached so far and the total.
    static func context(sagaID: String, order: CheckoutStartParams, outputs: [String: JSONValue]) -> JSONValue {
        let ids = CheckoutIDs(orderID: order.orderID)
        var context: [String: JSONValue] = ["order_id": .string(order.orderID), "reservation_id": .string(ids.reservationID)]
        if outputs["reserve_inventory"] != nil { context["payment_id"] = .string(ids.paymentID) }
        if outputs["authorize_payment"] != nil { context["shipment_id"] = .string(ids.shipmentID) }
        let amount = outputs["reserve_inventory"]?["total"]?.integerValue ?? callerTotal(order) ?? 0
        context["total"] = ["amount": .integer(amount), "currency": .string(order.currency)]
        return .object(context)
    }

    /// The total from the caller's unit prices, when every line has one.
    static func callerTotal(_ order: CheckoutStartParams) -> Int64? {
        var total: Int64 = 0
        for item in order.items {
            guard let price = item.unitPrice else { return nil }
            let (line, overflow) = price.multipliedReportingOverflow(by: item.quantity)
            guard !overflow else { return nil }
            total = total.addingReportingOverflow(line).overflow ? total : total + line
        }
        return total
    }
}
