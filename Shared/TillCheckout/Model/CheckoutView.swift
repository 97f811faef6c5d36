import TillSaga
import TillWire

/// The saga view every `checkout.*` method answers with.
public struct CheckoutView: Codable, Sendable, Hashable {
    /// `{amount, currency}` in minor units.
    public struct Money: Codable, Sendable, Hashable {
        public var amount: Int64
        public var currency: String

        public init(amount: Int64, currency: String) {
            self.amount = amount
            self.currency = currency
        }
    }

    public var orderID: String
    public var sagaID: String
    public var state: SagaState
    public var steps: [SagaStepView]
    public var reservationID: String?
    public var paymentID: String?
    public var shipmentID: String?
    public var total: Money
    public var createdAt: Int64
    public var updatedAt: Int64

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

    /// The view of a saga record whose context ``CheckoutSaga`` wrote.
    public init(_ record: SagaRecord) {
        let ids = CheckoutIDs(sagaID: record.sagaID) ?? CheckoutIDs(orderID: record.sagaID)
        self.orderID = ids.orderID
        self.sagaID = record.sagaID
        self.state = record.state
        self.steps = record.steps
        self.reservationID = record.context["reservation_id"]?.stringValue
        self.paymentID = record.context["payment_id"]?.stringValue
        self.shipmentID = record.context["shipment_id"]?.stringValue
        self.total = Money(
            amount: record.context["total"]?["amount"]?.integerValue ?? 0,
            currency: record.context["total"]?["currency"]?.stringValue ?? ""
        )
        self.createdAt = record.createdAt
        self.updatedAt = record.updatedAt
    }
}

/// `checkout.get` and `checkout.recover` params.
public struct CheckoutOrderParams: Codable, Sendable, Hashable {
    public var orderID: String

    public init(orderID: String) { self.orderID = orderID }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
    }
}

/// `checkout.list` params.
public struct CheckoutListParams: Codable, Sendable, Hashable {
    public var state: SagaState?
    public var limit: Int?
    public var cursor: String?

    public init(state: SagaState? = nil, limit: Int? = nil, cursor: String? = nil) {
        self.state = state
        self.limit = limit
        self.cursor = cursor
    }
}

/// `checkout.list` result.
public struct CheckoutListResult: Codable, Sendable, Hashable {
    public var sagas: [CheckoutView]
    public var cursor: String?

    public init(sagas: [CheckoutView], cursor: String?) {
        self.sagas = sagas
        self.cursor = cursor
    }
}
