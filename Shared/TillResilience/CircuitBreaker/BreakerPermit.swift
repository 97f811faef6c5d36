/// Permission to make one call through a breaker; its outcome is reported with it.
public struct BreakerPermit: Sendable, Hashable {
    /// The breaker generation the call was admitted under.
    public var generation: Int64
    /// Whether this call is the half-open probe whose outcome decides the breaker's state.
    public var isProbe: Bool

    /// Creates a permit.
    public init(generation: Int64, isProbe: Bool) {
        self.generation = generation
        self.isProbe = isProbe
    }
}

/// What a breaker says to a caller that wants to make a call.
public enum BreakerAdmission: Sendable, Hashable {
    /// Go ahead, and report the outcome with this permit.
    case admitted(BreakerPermit)
    /// Refused; the breaker may admit calls again after this many milliseconds.
    case rejected(retryAfterMilliseconds: Int64)
}

/// How an admitted call ended, as far as the breaker is concerned.
public enum BreakerOutcome: String, Sendable, Hashable, CaseIterable {
    /// The dependency answered (including business refusals such as a card decline).
    case success
    /// The dependency failed: network error, timeout, 5xx, its own `unavailable`.
    case failure
    /// The caller gave up before an answer (cancelled); says nothing about the dependency.
    case abandoned
}
