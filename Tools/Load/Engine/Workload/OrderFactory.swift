/// Builds the orders of a run from its seed: order `n` is always the same, so a duplicate
/// submission can rebuild an earlier order exactly instead of remembering it, and the audit can
/// rebuild every order the run placed.
public struct OrderFactory: Sendable {
    /// The run's id, part of every order and customer id.
    public let runID: String
    /// The skus.
    public let catalogue: Catalogue
    /// How skus are drawn.
    public let skus: SkuDistribution
    /// Which scenarios orders follow.
    public let mix: WorkloadMix
    /// Distinct customers, or nil for a fresh customer per order.
    public let customers: Int?
    /// The fraction of requests that resend an earlier order's `order_id` (and params).
    public let duplicateFraction: Double
    /// The most lines per order (each order has 1…maxLines distinct skus, 1–2 units each).
    public let maxLines: Int
    /// The seed of every per-order generator.
    public let seed: UInt64

    /// A factory; `maxLines` is capped by the catalogue's size.
    public init(
        runID: String, catalogue: Catalogue, skus: SkuDistribution, mix: WorkloadMix,
        customers: Int? = nil, duplicateFraction: Double = 0, maxLines: Int = 1, seed: UInt64
    ) {
        self.runID = runID
        self.catalogue = catalogue
        self.skus = skus
        self.mix = mix
        self.customers = customers
        self.duplicateFraction = duplicateFraction
        self.maxLines = max(1, min(maxLines, catalogue.count))
        self.seed = seed
    }

    /// What request `index` sends: a new order, or a resubmission of the latest earlier new one.
    public func request(_ index: Int) -> (order: CheckoutOrder, isDuplicate: Bool) {
        guard self.isDuplicate(index) else { return (self.order(index), false) }
        var original = index - 1
        while original >= 0, self.isDuplicate(original) { original -= 1 }
        guard original >= 0 else { return (self.order(index), false) }
        return (self.order(original), true)
    }

    /// Whether request `index` resends an earlier order (the first request never does).
    public func isDuplicate(_ index: Int) -> Bool {
        guard self.duplicateFraction > 0, index > 0 else { return false }
        var generator = SplitMix64(seed: self.seed ^ 0xD0_0B1E, index: index)
        return generator.unit() < self.duplicateFraction
    }

    /// New order number `number`.
    public func order(_ number: Int) -> CheckoutOrder {
        var generator = SplitMix64(seed: self.seed, index: number)
        let scenario = self.mix.scenario(forRoll: Int(generator.next() % UInt64(max(1, self.mix.totalWeight))))
        let lineCount = 1 + Int(generator.next() % UInt64(self.maxLines))
        var lines: [CheckoutOrder.Line] = []
        var attempts = 0
        while lines.count < lineCount, attempts < lineCount * 8 {
            attempts += 1
            let sku = self.skus.draw(using: &generator)
            guard !lines.contains(where: { $0.skuIndex == sku }) else { continue }
            lines.append(.init(skuIndex: sku, quantity: 1 + Int(generator.next() % 2)))
        }
        let customer = self.customers.map { number % max(1, $0) } ?? number
        return CheckoutOrder(
            number: number,
            orderID: "ld-\(self.runID)-\(number)",
            customerID: "ld-\(self.runID)-c\(customer)",
            email: scenario.emailOverride ?? "c\(customer).\(self.runID)@example.com",
            lines: lines,
            scenario: scenario
        )
    }
}
