import TillRedis

/// A GCRA limiter whose state is in Redis, so every replica spends one budget per key.
///
/// Each decision is one `EVALSHA` of a script that transcribes ``GCRA/decide(now:tat:cost:)``:
/// read the key's TAT, decide, and on admission store the new TAT, expiring when the clock
/// reaches it (after the decision's `resetAfter`: an idle key disappears). Keys are
/// `till:ratelimit:{<name>:<key>}`. Needs Redis 6.2 (`PXAT`).
/// Time is Redis' `TIME` unless a ``SharedClock/custom(_:)`` clock is given.
public struct RedisRateLimiter: RateLimiter {
    public let rate: RateLimit
    /// What is limited (e.g. `payments.authorize`); keys of different names never share a budget.
    public let name: String
    private let redis: RedisClient
    private let clock: SharedClock

    /// Creates a limiter enforcing `rate` (100/min by default) per key.
    public init(redis: RedisClient, rate: RateLimit = .default, name: String = "default", clock: SharedClock = .redis) {
        self.redis = redis
        self.rate = rate
        self.name = name
        self.clock = clock
    }

    /// The Redis key holding `key`'s TAT.
    public func storageKey(for key: String) -> String {
        "till:ratelimit:{\(name):\(key)}"
    }

    public func acquire(key: String, cost: Int64) async throws -> GCRADecision {
        let gcra = rate.gcra
        precondition(cost >= 1 && cost <= gcra.burst, "a request costs between 1 and the burst")
        let reply = try await redis.evaluate(
            Self.script,
            keys: [storageKey(for: key)],
            arguments: [clock.scriptArgument, gcra.emissionIntervalMicroseconds, gcra.burst, cost]
        )
        guard let fields = reply.array, fields.count == 5,
            let allowed = fields[0].int64, let tat = fields[1].int64, let retryAfter = fields[2].int64,
            let remaining = fields[3].int64, let resetAfter = fields[4].int64
        else {
            throw RedisStoreError(.unexpectedReply, store: "rate_limiter", "unexpected reply to acquire")
        }
        return GCRADecision(
            allowed: allowed == 1,
            tat: tat,
            retryAfterMicroseconds: retryAfter,
            remaining: remaining,
            resetAfterMicroseconds: resetAfter
        )
    }

    /// `GCRA.decide` in Lua. `KEYS[1]` the TAT; `ARGV` clock, emission interval (µs), burst, cost.
    /// Returns `{allowed (0/1), tat, retry_after_us, remaining, reset_after_us}`.
    static let script = RedisScript(
        SharedClock.luaNowFunction + """
            local interval = tonumber(ARGV[2])
            local burst = tonumber(ARGV[3])
            local cost = tonumber(ARGV[4])
            local now = now_us(ARGV[1])

            local stored = redis.call('GET', KEYS[1])
            local tat = now
            if stored then tat = math.max(tonumber(stored), now) end
            local new_tat = tat + interval * cost
            local allow_at = new_tat - interval * burst
            if now < allow_at then
              return {0, tat, allow_at - now, 0, tat - now}
            end
            -- The TAT expires when the script's clock passes it (rounded up to the next ms): from
            -- then on it says nothing `now` does not. An absolute expiry keeps that true for a
            -- test's simulated clock as well as for Redis' own.
            redis.call('SET', KEYS[1], string.format('%d', new_tat), 'PXAT', string.format('%d', math.ceil(new_tat / 1000)))
            return {1, new_tat, 0, math.floor((now - allow_at) / interval), new_tat - now}
            """
    )
}
