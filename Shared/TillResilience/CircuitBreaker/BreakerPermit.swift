/// Permission to make one call through a breaker; its outcome is reported with it.
public struct BreakerPermit: Sendable, Hashable {
    /// The breaker generation the call was admitted under.
    public var generation: Int64
    /// Whether this call is the half-open probe whose outcome decides the breaker's state.
    public var isProbe: Bool
    /// Whether reporting a success under this permit would change nothing (the breaker was closed
    /// with no failures counted when it was issued), so that ``CircuitBreaker`` may skip the
    /// round trip. Advice about bookkeeping, not part of the permit's identity: it takes no part
    /// in equality or hashing.
    ///
    /// Skipping is safe because a closed breaker's success only resets the failure count: if
    /// another caller's failure was counted between this permit and its success, the count stays
    /// one higher than a strict ordering would leave it — the same answer as if that failure had
    /// come after this success, which concurrent calls cannot tell apart anyway.
    public var successIsNoOp: Bool

    /// Creates a permit.
    public init(generation: Int64, isProbe: Bool, successIsNoOp: Bool = false) {
        self.generation = generation
        self.isProbe = isProbe
        self.successIsNoOp = successIsNoOp
    }

    public static func == (lhs: BreakerPermit, rhs: BreakerPermit) -> Bool {
        lhs.generation == rhs.generation && lhs.isProbe == rhs.isProbe
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(generation)
        hasher.combine(isProbe)
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
