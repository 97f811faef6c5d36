/// Params naming one order: `checkout.get` and `checkout.recover`.
public struct OrderIDParams: Codable, Sendable, Hashable {
    /// The order.
    public var orderID: String

    /// Creates params.
    public init(orderID: String) { self.orderID = orderID }

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
    }
}

/// `checkout.list` params: one page of sagas, optionally only those in `state`.
public struct CheckoutListParams: Codable, Sendable, Hashable {
    /// Only sagas in this state.
    public var state: SagaState?
    /// Sagas per page, at most 200.
    public var limit: Int?
    /// Where the page starts: the previous page's `cursor`.
    public var cursor: String?

    /// Creates params.
    public init(state: SagaState? = nil, limit: Int? = nil, cursor: String? = nil) {
        self.state = state
        self.limit = limit
        self.cursor = cursor
    }
}

/// The result of `checkout.list`.
public struct CheckoutListResult: Codable, Sendable, Hashable {
    /// This page.
    public var sagas: [SagaView]
    /// Where the next page starts; absent on the last page.
    public var cursor: String?

    /// Creates a page.
    public init(sagas: [SagaView], cursor: String?) {
        self.sagas = sagas
        self.cursor = cursor
    }
}
