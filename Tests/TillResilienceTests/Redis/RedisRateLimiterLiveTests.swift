import Testing
import TillRedis
import TillResilience
import TillTestSupport
import TillWire

@Suite("GCRA rate limiter in Redis", .redisServer(), .timeLimit(.minutes(2)))
struct RedisRateLimiterLiveTests {
    @Test("the script decides exactly as the pure GCRA, instant by instant")
    func mirrorsPureGCRA() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let rate = RateLimit(limit: 10, periodSeconds: 60, burst: 4)
            let time = SimulatedUnixTime()
            let limiter = RedisRateLimiter(redis: redis, rate: rate, name: LiveRedis.unique(), clock: time.clock)
            var tat: Int64?
            var random = SystemRandomNumberGenerator()
            for step in 0..<300 {
                time.advance(microseconds: Int64.random(in: 0...9_000_000, using: &random))
                let cost = Int64.random(in: 1...2, using: &random)
                let expected = rate.gcra.decide(now: time.nowMicroseconds, tat: tat, cost: cost)
                let actual = try await limiter.acquire(key: "customer", cost: cost)
                #expect(actual == expected, "step \(step)")
                if expected.allowed { tat = expected.tat }
            }
        }
    }

    @Test("a burst of 200 at 100/min admits 100 and refuses 100 with retry_after_ms 600")
    func burstOnFrozenClock() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let time = SimulatedUnixTime()
            let limiter = RedisRateLimiter(redis: redis, name: LiveRedis.unique(), clock: time.clock)
            var allowed = 0
            var refusals: [RateLimitedError] = []
            for _ in 0..<200 {
                do {
                    try await limiter.enforce(key: "cus_1")
                    allowed += 1
                } catch let error as RateLimitedError {
                    refusals.append(error)
                }
            }
            #expect(allowed == 100)
            #expect(refusals.count == 100)
            #expect(refusals.allSatisfy { $0.retryAfterMilliseconds == 600 })
            let wire = try #require(refusals.first?.wireError)
            #expect(wire.code == .rateLimited)
            #expect(wire.retriable)
            #expect(wire.details?["retry_after_ms"] == .integer(600))

            // Waiting exactly retry_after admits one more, and only one.
            time.advance(milliseconds: 600)
            try await limiter.enforce(key: "cus_1")
            await #expect(throws: RateLimitedError.self) { try await limiter.enforce(key: "cus_1") }
            // Another key has its own budget.
            try await limiter.enforce(key: "cus_2")
        }
    }

    @Test("on Redis' clock a concurrent burst of 200 gets the burst through and a sane retry_after")
    func burstOnRedisTime() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let limiter = RedisRateLimiter(redis: redis, name: LiveRedis.unique())
            let started = ContinuousClock.now
            let decisions = await LiveRedis.concurrently(200) { () -> GCRADecision? in
                try? await limiter.acquire(key: "cus_1")
            }
            let elapsed = ContinuousClock.now - started
            let admitted = decisions.filter { $0?.allowed == true }.count
            // One request is earned back every 600 ms while the burst runs.
            let earned = Int(elapsed / .milliseconds(600)) + 1
            let failed = decisions.filter { $0 == nil }.count
            #expect(failed == 0)
            #expect(admitted >= 100 && admitted <= 100 + earned)
            for decision in decisions.compactMap({ $0 }) where !decision.allowed {
                #expect(decision.retryAfterMilliseconds >= 1 && decision.retryAfterMilliseconds <= 600)
            }
            // The TAT lives no longer than it matters: at most the 60 s it takes to drain.
            let ttl = try await redis.send("PTTL", limiter.storageKey(for: "cus_1")).int64 ?? -1
            #expect(ttl > 0 && ttl <= 60_000)
        }
    }

    @Test("two processes share one budget")
    func twoProcesses() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let key = LiveRedis.unique("customer")
            let barrier = LiveRedis.unique("barrier")
            let worker = try await LiveRedis.startWorker("rate-limit", ["--calls", "150", "--key", key], barrier: barrier, redis: redis)
            let limiter = RedisRateLimiter(redis: redis, name: "test")
            let started = ContinuousClock.now
            try await LiveRedis.go(barrier, redis: redis)
            let local = await LiveRedis.concurrently(150) { (try? await limiter.acquire(key: key))?.allowed == true }
            let remote = try await worker.report().outcomes
            let elapsed = ContinuousClock.now - started

            let admitted = local.filter { $0 }.count + remote.filter(\.ok).count
            let earned = Int(elapsed / .milliseconds(600)) + 1
            #expect(admitted >= 100 && admitted <= 100 + earned)
            #expect(local.contains(true) || remote.contains(where: \.ok))
            for refusal in remote where !refusal.ok {
                #expect(refusal.code == "rate_limited")
                #expect((1...600).contains(refusal.retryAfterMilliseconds ?? 0))
            }
        }
    }
}
