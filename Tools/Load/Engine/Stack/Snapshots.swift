/// What the load client and its audit need to know of a saga (`checkout.get`'s view).
public struct SagaSnapshot: Sendable, Hashable {
    /// One step of the saga.
    public struct Step: Sendable, Hashable {
        /// `reserve_inventory`, `authorize_payment`, …
        public var name: String
        /// `succeeded`, `compensated`, …
        public var state: String

        /// A step.
        public init(name: String, state: String) {
            self.name = name
            self.state = state
        }
    }

    /// The order.
    public var orderID: String
    /// `running`, `completed`, `compensated` or `failed_compensation`.
    public var state: String
    /// The steps in order.
    public var steps: [Step]
    /// The payment, once the saga created one.
    public var paymentID: String?
    /// The shipment, once the saga created one.
    public var shipmentID: String?
    /// The order's total in minor units.
    public var totalAmount: Int64

    /// A snapshot.
    public init(orderID: String, state: String, steps: [Step], paymentID: String?, shipmentID: String?, totalAmount: Int64) {
        self.orderID = orderID
        self.state = state
        self.steps = steps
        self.paymentID = paymentID
        self.shipmentID = shipmentID
        self.totalAmount = totalAmount
    }

    /// The state of step `name`, if the saga has it.
    public func stepState(_ name: String) -> String? {
        self.steps.first { $0.name == name }?.state
    }
}

/// A payment as `payments.get` reports it.
public struct PaymentSnapshot: Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The order it pays for.
    public var orderID: String
    /// `captured`, `voided`, …
    public var state: String
    /// The authorized amount (minor units).
    public var amount: Int64
    /// How much was captured.
    public var capturedAmount: Int64

    /// A snapshot.
    public init(paymentID: String, orderID: String, state: String, amount: Int64, capturedAmount: Int64) {
        self.paymentID = paymentID
        self.orderID = orderID
        self.state = state
        self.amount = amount
        self.capturedAmount = capturedAmount
    }
}

/// A sku's stock as `inventory.stock.get` reports it.
public struct StockSnapshot: Sendable, Hashable {
    /// Units owned.
    public var onHand: Int64
    /// Units held by reservations.
    public var reserved: Int64
    /// Units free to reserve.
    public var available: Int64

    /// A snapshot.
    public init(onHand: Int64, reserved: Int64, available: Int64) {
        self.onHand = onHand
        self.reserved = reserved
        self.available = available
    }
}

/// A shipment as `shipping.get` reports it.
public struct ShipmentSnapshot: Sendable, Hashable {
    /// `created`, `cancelled`, …
    public var state: String

    /// A snapshot.
    public init(state: String) {
        self.state = state
    }
}

/// One row of the gateway simulator's settlement report.
public struct SettlementRow: Sendable, Hashable {
    /// The payment (Till's id, which the gateway got as the charge's reference).
    public var paymentID: String
    /// The order, if the report carries it.
    public var orderID: String?
    /// The gateway's state of the charge.
    public var state: String
    /// What the gateway captured (minor units).
    public var capturedAmount: Int64

    /// A row.
    public init(paymentID: String, orderID: String?, state: String, capturedAmount: Int64) {
        self.paymentID = paymentID
        self.orderID = orderID
        self.state = state
        self.capturedAmount = capturedAmount
    }
}
