import TillRedis
import TillResilience

/// Authorization attempts per key in a sliding window, counted in Redis and shared by replicas.
///
/// Each key (`till:fraud:velocity:{<customer id>}`) is a sorted set of attempt times; recording
/// an attempt is one script: drop attempts older than the window, add this one, count, and
/// expire the set with the window. A sliding window answers "attempts within the last hour" at
/// every instant, where a fixed `INCR`/`EXPIRE` window would let a burst straddling its boundary
/// through twice. The set is capped at ``maximumTracked`` newest attempts, so a flood costs
/// bounded memory; counts saturate there, far above any velocity limit.
public struct RedisVelocityCounter: VelocityCounter {
    /// The most attempts remembered per key.
    public let maximumTracked: Int64
    private let redis: RedisClient
    private let clock: SharedClock

    /// Creates a counter on `redis`.
    public init(redis: RedisClient, maximumTracked: Int64 = 1_000, clock: SharedClock = .redis) {
        precondition(maximumTracked >= 1, "a velocity counter tracks at least one attempt")
        self.redis = redis
        self.maximumTracked = maximumTracked
        self.clock = clock
    }

    /// The Redis key of `key`'s attempts.
    public static func storageKey(for key: String) -> String {
        "till:fraud:velocity:{\(key)}"
    }

    public func recordAttempt(key: String, windowSeconds: Int64) async throws -> Int64 {
        precondition(windowSeconds >= 1, "a velocity window lasts at least a second")
        let reply = try await redis.evaluate(
            Self.script,
            keys: [Self.storageKey(for: key)],
            arguments: [clock.scriptArgument, windowSeconds, maximumTracked, UInt64.random(in: 0...UInt64.max)]
        )
        guard let count = reply.int64 else {
            throw RedisStoreError(.unexpectedReply, store: "fraud_velocity", "unexpected reply to recordAttempt")
        }
        return count
    }

    /// `KEYS[1]` the attempts; `ARGV` clock, window (s), cap, a random tag that keeps two
    /// attempts in the same microsecond apart. Returns the attempts in the window, this one included.
    static let script = RedisScript(
        SharedClock.luaNowFunction + """
            local now = now_us(ARGV[1])
            local window = tonumber(ARGV[2]) * 1000000
            local cap = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now - window))
            redis.call('ZADD', KEYS[1], string.format('%d', now), string.format('%d', now) .. ':' .. ARGV[4])
            local count = redis.call('ZCARD', KEYS[1])
            if count > cap then
              redis.call('ZREMRANGEBYRANK', KEYS[1], 0, count - cap - 1)
              count = cap
            end
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return count
            """
    )
}
