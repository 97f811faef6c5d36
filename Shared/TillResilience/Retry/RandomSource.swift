/// A source of uniformly distributed fractions in `0...1`, used for backoff jitter.
///
/// Injected so that tests can make jitter deterministic.
public protocol RandomSource: Sendable {
    /// The next fraction, uniformly distributed in `0...1`.
    func nextFraction() -> Double
}

/// The system's random number generator.
public struct SystemRandomSource: RandomSource {
    /// Creates the system random source.
    public init() {}

    public func nextFraction() -> Double {
        Double.random(in: 0...1)
    }
}
