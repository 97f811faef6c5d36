/// A held line of a reservation, with the unit price at the moment it was held.
public struct ReservedItem: Codable, Sendable, Hashable {
    public var sku: String
    public var quantity: Int64
    public var unitPrice: Price

    public init(sku: String, quantity: Int64, unitPrice: Price) {
        self.sku = sku
        self.quantity = quantity
        self.unitPrice = unitPrice
    }

    enum CodingKeys: String, CodingKey {
        case sku, quantity
        case unitPrice = "unit_price"
    }
}

/// The result of `inventory.reserve`: `state` is always `reserved`.
public struct ReserveResult: Codable, Sendable, Hashable {
    public var reservationID: String
    public var state: String
    public var items: [ReservedItem]

    public init(reservationID: String, items: [ReservedItem]) {
        self.reservationID = reservationID
        self.state = "reserved"
        self.items = items
    }

    enum CodingKeys: String, CodingKey {
        case state, items
        case reservationID = "reservation_id"
    }
}

/// The result of `inventory.release` (`released`) and `inventory.commit` (`committed`).
public struct ReservationStateResult: Codable, Sendable, Hashable {
    public var reservationID: String
    public var state: String

    public init(reservationID: String, state: String) {
        self.reservationID = reservationID
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case state
        case reservationID = "reservation_id"
    }
}
