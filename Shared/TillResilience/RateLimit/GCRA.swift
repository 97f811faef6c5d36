/// The generic cell rate algorithm as pure integer arithmetic.
///
/// A key's whole state is its *theoretical arrival time* (TAT, Unix microseconds): when the key
/// would be idle again had every admitted request been spaced exactly one emission interval `T`
/// apart. A request at `now` is admitted if, after adding it, the TAT is at most `burst × T`
/// ahead of `now`; admitting it stores the new TAT (with `resetAfter` as the key's TTL). A refused
/// request stores nothing and learns when it would be admitted.
///
/// The Redis limiter runs this same arithmetic in one Lua script (`GET` TAT, decide, `SET … PX`),
/// with Redis' `TIME` as `now`; microseconds since the epoch stay below 2⁵³, exact in Lua numbers.
public struct GCRA: Sendable, Hashable {
    /// `T`: the average spacing of requests (`period / limit`), in microseconds.
    public var emissionIntervalMicroseconds: Int64
    /// Requests an idle key may make at once.
    public var burst: Int64

    /// Creates the parameters.
    public init(emissionIntervalMicroseconds: Int64, burst: Int64) {
        precondition(emissionIntervalMicroseconds >= 1 && burst >= 1, "GCRA needs a positive interval and burst")
        self.emissionIntervalMicroseconds = emissionIntervalMicroseconds
        self.burst = burst
    }

    /// Decides a request of `cost` units at `now`, given the key's stored TAT (`nil` if the key is
    /// absent or expired). Both times are Unix microseconds.
    public func decide(now: Int64, tat storedTAT: Int64?, cost: Int64 = 1) -> GCRADecision {
        precondition(cost >= 1 && cost <= burst, "a request costs between 1 and the burst")
        let interval = emissionIntervalMicroseconds
        let tat = max(storedTAT ?? now, now)
        let newTAT = tat + interval * cost
        let allowAt = newTAT - interval * burst
        if now < allowAt {
            return GCRADecision(
                allowed: false,
                tat: tat,
                retryAfterMicroseconds: allowAt - now,
                remaining: 0,
                resetAfterMicroseconds: tat - now
            )
        }
        return GCRADecision(
            allowed: true,
            tat: newTAT,
            retryAfterMicroseconds: 0,
            remaining: (now - allowAt) / interval,
            resetAfterMicroseconds: newTAT - now
        )
    }
}

/// The outcome of ``GCRA/decide(now:tat:cost:)``.
public struct GCRADecision: Sendable, Hashable {
    /// Whether the request is admitted.
    public var allowed: Bool
    /// The TAT to store when admitted (unchanged when refused), Unix microseconds.
    public var tat: Int64
    /// How long a refused request should wait before it would be admitted; `0` when admitted.
    public var retryAfterMicroseconds: Int64
    /// How many more unit requests would be admitted right now.
    public var remaining: Int64
    /// How long until the key is fully idle again: the TTL to give the stored TAT.
    public var resetAfterMicroseconds: Int64

    /// Creates a decision.
    public init(allowed: Bool, tat: Int64, retryAfterMicroseconds: Int64, remaining: Int64, resetAfterMicroseconds: Int64) {
        self.allowed = allowed
        self.tat = tat
        self.retryAfterMicroseconds = retryAfterMicroseconds
        self.remaining = remaining
        self.resetAfterMicroseconds = resetAfterMicroseconds
    }

    /// ``retryAfterMicroseconds`` rounded up to whole milliseconds (`retry_after_ms`), so a client
    /// that waits exactly that long is admitted.
    public var retryAfterMilliseconds: Int64 {
        (retryAfterMicroseconds + 999) / 1_000
    }
}
