import ArgumentParser
import TillLoad

/// What the checkout orders look like.
struct WorkloadOptions: ParsableArguments {
    enum Distribution: String, ExpressibleByArgument, CaseIterable {
        case zipf
        case uniform
    }

    @Option(help: "Scenario mix: visa (default), realistic, or name=weight,… of visa, declined, insufficient_funds, flaky, 3ds, cvv_fail, bad_address, fraud, timeout.")
    var mix = "visa=100"

    @Option(help: "Skus in the catalogue, stocked (with prices) before the load.")
    var skus = 1_000

    @Option(help: "Units each sku is stocked with.")
    var stock: Int64 = 1_000_000

    @Option(name: .customLong("sku-prefix"), help: "The catalogue's sku names start with this.")
    var skuPrefix = "load-sku-"

    @Option(name: .customLong("sku-distribution"), help: "How skus are drawn: zipf (a few hot skus) or uniform.")
    var skuDistribution: Distribution = .zipf

    @Option(name: .customLong("zipf-exponent"), help: "The Zipf exponent.")
    var zipfExponent = 1.0

    @Option(help: "Lines per order at most (1…N distinct skus, 1–2 units each).")
    var lines = 1

    @Option(help: "Spread orders over N customers (velocity and rate limits count per customer); default: a new customer per order.")
    var customers: Int?

    @Option(help: "The share of requests (0–1) that resend an earlier order's order_id, to exercise idempotency.")
    var duplicates = 0.0

    @Option(help: "The seed of the order generator (default: random); the same seed builds the same orders.")
    var seed: UInt64?

    func validate() throws {
        guard self.skus > 0, self.skus <= 99_999 else { throw ValidationError("--skus must be 1…99999") }
        guard self.stock >= 0 else { throw ValidationError("--stock must not be negative") }
        guard (0...1).contains(self.duplicates) else { throw ValidationError("--duplicates is a share between 0 and 1") }
        guard self.lines >= 1 else { throw ValidationError("--lines must be at least 1") }
        if let customers = self.customers, customers <= 0 { throw ValidationError("--customers must be positive") }
        _ = try self.workloadMix()
    }

    func workloadMix() throws(ValidationError) -> WorkloadMix {
        do {
            return try WorkloadMix.parse(self.mix)
        } catch {
            throw ValidationError("--mix: \(error)")
        }
    }

    func catalogue() -> Catalogue {
        Catalogue(prefix: self.skuPrefix, count: self.skus, stock: self.stock)
    }

    func distribution() -> SkuDistribution {
        self.skuDistribution == .uniform ? .uniform(self.skus) : .zipf(self.skus, exponent: self.zipfExponent)
    }
}
