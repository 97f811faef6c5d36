/// The skus a run orders from, with their prices: stocked through `inventory.stock.set` before the
/// load starts.
public struct Catalogue: Sendable, Hashable {
    /// The sku names' common prefix (`load-sku-`).
    public var prefix: String
    /// How many skus.
    public var count: Int
    /// Units each sku is stocked with.
    public var stock: Int64
    /// The currency of every price.
    public var currency: String

    /// A catalogue of `count` skus named `<prefix>00001`…
    public init(prefix: String = "load-sku-", count: Int, stock: Int64, currency: String = "USD") {
        self.prefix = prefix
        self.count = count
        self.stock = stock
        self.currency = currency
    }

    /// The name of sku `index` (0-based): `load-sku-00001`.
    public func sku(_ index: Int) -> String {
        var number = String(index + 1)
        while number.count < 5 { number = "0" + number }
        return self.prefix + number
    }

    /// Sku `index`'s price in minor units: spread over 1.99–99.99, fixed per index, so that orders
    /// stay far below the fraud screen's high-amount threshold (2,000.00).
    public func price(_ index: Int) -> Int64 {
        199 + Int64((index &* 7_919) % 9_801)
    }
}
