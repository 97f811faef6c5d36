import TillWire

/// Stocks a run's catalogue before the load: every sku with its price and `stock` units.
public enum CatalogueStocker {
    /// Sets every sku of `catalogue` and returns their stock as set (the audit's baseline).
    public static func stock(_ catalogue: Catalogue, on stack: any StackAccess, width: Int = 32) async throws(RPCError) -> [StockSnapshot] {
        try await Concurrently.map(Array(0..<catalogue.count), width: width) { (index: Int) async throws(RPCError) -> StockSnapshot in
            try await stack.setStock(
                sku: catalogue.sku(index), onHand: catalogue.stock, price: catalogue.price(index), currency: catalogue.currency
            )
        }
    }
}
