/// Exponential backoff with full jitter for operations that fail transiently.
///
/// The delay before retry *n* (the sleep after the *n*th failed attempt, 1-based) is uniformly
/// random in `0 ... min(maxDelay, baseDelay × 2ⁿ⁻¹)` ("full jitter"), so replicas that failed
/// together do not retry together. With the defaults — 3 attempts, 0.5 s base — a call makes at most
/// three attempts with sleeps of at most 0.5 s and 1 s between them.
///
/// The policy is plain data; ``run(clock:deadline:isRetriable:operation:)`` executes it.
public struct RetryPolicy: Sendable {
    /// Total attempts including the first; `1` disables retries.
    public var maxAttempts: Int
    /// The backoff ceiling before the first retry; it doubles for every further retry.
    public var baseDelay: Duration
    /// The largest backoff ceiling, however many retries came before.
    public var maxDelay: Duration
    /// Where jitter comes from.
    public var randomSource: any RandomSource

    /// Creates a policy; the defaults are Till's gateway and carrier policy.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        randomSource: any RandomSource = SystemRandomSource()
    ) {
        precondition(maxAttempts >= 1, "a retry policy makes at least one attempt")
        precondition(baseDelay >= .zero && maxDelay >= .zero, "backoff delays cannot be negative")
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.randomSource = randomSource
    }

    /// The upper bound of the sleep before retry `retry` (1-based): `baseDelay × 2^(retry−1)`,
    /// capped at ``maxDelay``.
    public func backoffCeiling(beforeRetry retry: Int) -> Duration {
        precondition(retry >= 1, "retries are counted from 1")
        let base = baseDelay.nanosecondsSaturated
        let cap = maxDelay.nanosecondsSaturated
        let shift = retry - 1
        guard shift < Int64.bitWidth - 1 else { return .nanoseconds(cap) }
        let (scaled, overflow) = base.multipliedReportingOverflow(by: Int64(1) << shift)
        return .nanoseconds(overflow ? cap : min(scaled, cap))
    }

    /// A jittered sleep before retry `retry` (1-based): uniform in `0 ... backoffCeiling(beforeRetry:)`.
    public func delay(beforeRetry retry: Int) -> Duration {
        let ceiling = backoffCeiling(beforeRetry: retry).nanosecondsSaturated
        let fraction = min(max(randomSource.nextFraction(), 0), 1)
        return .nanoseconds(Int64((Double(ceiling) * fraction).rounded(.down)))
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max` (about 292 years).
    var nanosecondsSaturated: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (total, overflowAgain) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflowAgain { return seconds < 0 ? .min : .max }
        return total
    }
}
