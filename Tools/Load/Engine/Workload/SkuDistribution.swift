#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How an order's skus are drawn from the catalogue: uniformly, or Zipf-distributed so that a few
/// skus are hot (contention on their stock is part of what a checkout system must survive).
public struct SkuDistribution: Sendable {
    /// The catalogue's size.
    public let count: Int
    /// The Zipf exponent; 0 for uniform.
    public let exponent: Double
    /// Cumulative probabilities for Zipf (empty for uniform).
    private let cumulative: [Double]

    /// A uniform draw over `count` skus.
    public static func uniform(_ count: Int) -> SkuDistribution {
        SkuDistribution(count: count, exponent: 0)
    }

    /// A Zipf draw over `count` skus: sku `k` (1-based) with probability ∝ 1 / kˢ.
    public static func zipf(_ count: Int, exponent: Double = 1.0) -> SkuDistribution {
        SkuDistribution(count: count, exponent: exponent)
    }

    private init(count: Int, exponent: Double) {
        precondition(count > 0, "a catalogue needs at least one sku")
        self.count = count
        self.exponent = exponent
        guard exponent > 0 else {
            self.cumulative = []
            return
        }
        var weights = (1...count).map { 1.0 / pow(Double($0), exponent) }
        let total = weights.reduce(0, +)
        var running = 0.0
        for index in weights.indices {
            running += weights[index] / total
            weights[index] = running
        }
        weights[weights.count - 1] = 1.0
        self.cumulative = weights
    }

    /// A sku index in `0..<count`.
    public func draw(using generator: inout SplitMix64) -> Int {
        guard !self.cumulative.isEmpty else { return Int(generator.next() % UInt64(self.count)) }
        let roll = generator.unit()
        var low = 0
        var high = self.cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if self.cumulative[middle] > roll { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
