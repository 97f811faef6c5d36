/// One line of `inventory.reserve`.
public struct ReserveItem: Codable, Sendable, Hashable {
    public var sku: String
    public var quantity: Int64

    public init(sku: String, quantity: Int64) {
        self.sku = sku
        self.quantity = quantity
    }
}

/// `inventory.reserve` params.
public struct ReserveParams: Codable, Sendable, Hashable {
    public var reservationID: String
    public var items: [ReserveItem]

    public init(reservationID: String, items: [ReserveItem]) {
        self.reservationID = reservationID
        self.items = items
    }

    enum CodingKeys: String, CodingKey {
        case items
        case reservationID = "reservation_id"
    }
}

/// `inventory.release` and `inventory.commit` params.
public struct ReservationIDParams: Codable, Sendable, Hashable {
    public var reservationID: String

    public init(reservationID: String) { self.reservationID = reservationID }

    enum CodingKeys: String, CodingKey {
        case reservationID = "reservation_id"
    }
}
