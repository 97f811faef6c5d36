import TillWire

/// A checkout saga as `checkout.start`, `checkout.get`, `checkout.list` and `checkout.recover` show it.
public struct SagaView: Codable, Sendable, Hashable {
    /// The order.
    public var orderID: String
    /// `saga_<order_id>`.
    public var sagaID: String
    /// Where the saga stands.
    public var state: SagaState
    /// Every step in order, with its attempts and last error.
    public var steps: [SagaStepView]
    /// The inventory reservation, once known.
    public var reservationID: String?
    /// The payment, once known.
    public var paymentID: String?
    /// The shipment, once known.
    public var shipmentID: String?
    /// The order total, computed from inventory's prices.
    public var total: Price
    /// When the saga started (Unix seconds).
    public var createdAt: Int64
    /// When it last changed (Unix seconds).
    public var updatedAt: Int64

    /// Creates a view.
    public init(
        orderID: String, sagaID: String, state: SagaState, steps: [SagaStepView], reservationID: String? = nil,
        paymentID: String? = nil, shipmentID: String? = nil, total: Price, createdAt: Int64, updatedAt: Int64
    ) {
        self.orderID = orderID
        self.sagaID = sagaID
        self.state = state
        self.steps = steps
        self.reservationID = reservationID
        self.paymentID = paymentID
        self.shipmentID = shipmentID
        self.total = total
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case state, steps, total
        case orderID = "order_id"
        case sagaID = "saga_id"
        case reservationID = "reservation_id"
        case paymentID = "payment_id"
        case shipmentID = "shipment_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// One step of a saga: `{"name", "state", "attempts", "error"?}`.
public struct SagaStepView: Codable, Sendable, Hashable {
    /// The step (`reserve_inventory`, `authorize_payment`, …).
    public var name: String
    /// Where it stands.
    public var state: SagaStepState
    /// How many times its action (or, while compensating, its compensation) was tried.
    public var attempts: Int
    /// The last error, as the failing service sent it.
    public var error: WireError?

    /// Creates a step view.
    public init(name: String, state: SagaStepState, attempts: Int, error: WireError? = nil) {
        self.name = name
        self.state = state
        self.attempts = attempts
        self.error = error
    }
}
