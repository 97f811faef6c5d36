/// A tiny, fast, seedable generator (SplitMix64): each order derives its own from the run's seed
/// and its number, so orders are reproducible and building one needs no shared state.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator seeded with `seed`.
    public init(seed: UInt64) {
        self.state = seed
    }

    /// The generator of item `index` of a run seeded with `seed`.
    public init(seed: UInt64, index: Int) {
        self.state = seed ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15)
        _ = self.next()
    }

    public mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in `[0, 1)`.
    public mutating func unit() -> Double {
        Double(self.next() >> 11) * 0x1.0p-53
    }
}
