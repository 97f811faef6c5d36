/// How long a replica that refused a connection is left alone: exponential, capped, with jitter.
public struct Backoff: Sendable, Hashable {
    /// The delay after the first failure.
    public var initial: Duration
    /// The longest delay.
    public var maximum: Duration

    /// Exponential from `initial` (after the first failure) up to `maximum`.
    public init(initial: Duration = .milliseconds(50), maximum: Duration = .seconds(2)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay after `failures` consecutive failures (≥ 1), scaled by `jitter` in `0...1`
    /// to between half and all of the exponential value, so replicas are not retried in lockstep.
    public func delay(afterFailures failures: Int, jitter: Double) -> Duration {
        let exponent = max(0, min(failures - 1, 30))
        var base = initial * (1 << exponent)
        if base > maximum || base < .zero { base = maximum }
        return base * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }
}
