/// `inventory.stock.set` params.
public struct StockSetParams: Codable, Sendable, Hashable {
    public var sku: String
    /// Units physically in stock, reserved ones included.
    public var onHand: Int64
    public var price: Price

    public init(sku: String, onHand: Int64, price: Price) {
        self.sku = sku
        self.onHand = onHand
        self.price = price
    }

    enum CodingKeys: String, CodingKey {
        case sku, price
        case onHand = "on_hand"
    }
}

/// `inventory.stock.get` params.
public struct StockGetParams: Codable, Sendable, Hashable {
    public var sku: String

    public init(sku: String) { self.sku = sku }
}

/// The result of `inventory.stock.set` and `inventory.stock.get`.
public struct StockView: Codable, Sendable, Hashable {
    public var sku: String
    public var onHand: Int64
    public var reserved: Int64
    /// `on_hand − reserved`.
    public var available: Int64
    public var price: Price

    public init(sku: String, onHand: Int64, reserved: Int64, price: Price) {
        self.sku = sku
        self.onHand = onHand
        self.reserved = reserved
        self.available = onHand - reserved
        self.price = price
    }

    enum CodingKeys: String, CodingKey {
        case sku, reserved, available, price
        case onHand = "on_hand"
    }
}
