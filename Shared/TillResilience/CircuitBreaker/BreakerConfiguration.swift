/// The thresholds of a circuit breaker. Times are whole milliseconds, as stored next to the state.
public struct BreakerConfiguration: Sendable, Hashable {
    /// Consecutive failures that open a closed breaker.
    public var failureThreshold: Int
    /// How long an open breaker refuses calls before it admits a probe, in milliseconds.
    public var recoveryTimeoutMilliseconds: Int64
    /// How long a probe may stay unanswered before another probe is admitted, in milliseconds.
    ///
    /// A probe whose caller died never reports; without this lease the breaker would stay
    /// half-open, refusing every call, forever.
    public var probeTimeoutMilliseconds: Int64

    /// Creates a configuration; the defaults are failure threshold 5, recovery timeout 30 s and a
    /// 30 s probe lease.
    public init(
        failureThreshold: Int = 5,
        recoveryTimeoutMilliseconds: Int64 = 30_000,
        probeTimeoutMilliseconds: Int64 = 30_000
    ) {
        precondition(failureThreshold >= 1, "a breaker opens after at least one failure")
        precondition(recoveryTimeoutMilliseconds >= 0 && probeTimeoutMilliseconds > 0, "breaker timeouts must be positive")
        self.failureThreshold = failureThreshold
        self.recoveryTimeoutMilliseconds = recoveryTimeoutMilliseconds
        self.probeTimeoutMilliseconds = probeTimeoutMilliseconds
    }
}
