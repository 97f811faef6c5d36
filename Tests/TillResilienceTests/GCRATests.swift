import Synchronization
import Testing
import TillResilience

@Suite("GCRA")
struct GCRATests {
    @Test("a burst of 200 at 100/min admits the burst and refuses the rest with a sane retry_after")
    func burst() {
        let gcra = RateLimit.default.gcra
        let now: Int64 = 1_764_000_000_000_000
        var tat: Int64?
        var allowed = 0
        var retryAfters: [Int64] = []
        for _ in 0..<200 {
            let decision = gcra.decide(now: now, tat: tat)
            if decision.allowed {
                allowed += 1
                tat = decision.tat
            } else {
                retryAfters.append(decision.retryAfterMilliseconds)
            }
        }
        #expect(allowed == 100)
        #expect(retryAfters.count == 100)
        // One request is earned back every 60 s / 100 = 600 ms.
        #expect(retryAfters.allSatisfy { $0 == 600 })
    }

    @Test("a smaller burst admits exactly that many, then one per emission interval")
    func configuredBurst() {
        let gcra = RateLimit(limit: 100, periodSeconds: 60, burst: 10).gcra
        var now: Int64 = 5_000_000
        var tat: Int64?
        var admitted = 0
        for _ in 0..<200 {
            let decision = gcra.decide(now: now, tat: tat)
            if decision.allowed {
                admitted += 1
                tat = decision.tat
            } else {
                #expect(decision.retryAfterMicroseconds > 0 && decision.retryAfterMicroseconds <= 600_000)
            }
        }
        #expect(admitted == 10)

        let refused = gcra.decide(now: now, tat: tat)
        #expect(!refused.allowed)
        now += refused.retryAfterMicroseconds
        let admittedAfterWaiting = gcra.decide(now: now, tat: tat)
        #expect(admittedAfterWaiting.allowed)
        #expect(!gcra.decide(now: now, tat: admittedAfterWaiting.tat).allowed)
    }

    @Test("requests spaced one interval apart are always admitted")
    func steadyRate() {
        let gcra = RateLimit(limit: 100, periodSeconds: 60, burst: 1).gcra
        var now: Int64 = 0
        var tat: Int64?
        for _ in 0..<1_000 {
            let decision = gcra.decide(now: now, tat: tat)
            #expect(decision.allowed)
            tat = decision.tat
            now += 600_000
        }
    }

    @Test("remaining counts down and reset-after is the key's TTL")
    func remainingAndReset() {
        let gcra = GCRA(emissionIntervalMicroseconds: 1_000, burst: 3)
        let first = gcra.decide(now: 10_000, tat: nil)
        #expect(first.remaining == 2)
        #expect(first.resetAfterMicroseconds == 1_000)
        let second = gcra.decide(now: 10_000, tat: first.tat)
        #expect(second.remaining == 1)
        #expect(second.resetAfterMicroseconds == 2_000)
        let third = gcra.decide(now: 10_000, tat: second.tat)
        #expect(third.remaining == 0)
        let fourth = gcra.decide(now: 10_000, tat: third.tat)
        #expect(!fourth.allowed)
        #expect(fourth.tat == third.tat)
        #expect(fourth.retryAfterMicroseconds == 1_000)
    }

    @Test("a stale TAT in the past is treated as an idle key")
    func staleTAT() {
        let gcra = GCRA(emissionIntervalMicroseconds: 1_000, burst: 2)
        let decision = gcra.decide(now: 1_000_000, tat: 5)
        #expect(decision.allowed)
        #expect(decision.tat == 1_001_000)
        #expect(decision.remaining == 1)
    }

    @Test("costs above one spend several units")
    func cost() {
        let gcra = GCRA(emissionIntervalMicroseconds: 1_000, burst: 5)
        let first = gcra.decide(now: 0, tat: nil, cost: 4)
        #expect(first.allowed)
        #expect(first.remaining == 1)
        let second = gcra.decide(now: 0, tat: first.tat, cost: 2)
        #expect(!second.allowed)
        #expect(second.retryAfterMicroseconds == 1_000)
    }

    @Test("retry_after_ms rounds up so waiting that long is enough")
    func roundsUp() {
        let decision = GCRADecision(allowed: false, tat: 0, retryAfterMicroseconds: 1_001, remaining: 0, resetAfterMicroseconds: 0)
        #expect(decision.retryAfterMilliseconds == 2)
    }

    @Test("rate limits parse from configuration", arguments: [("100/60", 100, 60), (" 5 / 1 ", 5, 1)])
    func parses(text: String, limit: Int64, period: Int64) {
        let rate = RateLimit(parsing: text)
        #expect(rate?.limit == limit)
        #expect(rate?.periodSeconds == period)
        #expect(rate?.burst == limit)
    }

    @Test("malformed rate limits are refused", arguments: ["", "100", "100/", "/60", "0/60", "100/0", "-1/60", "a/b", "1/2/3"])
    func refusesMalformed(text: String) {
        #expect(RateLimit(parsing: text) == nil)
    }

    @Test("the in-memory limiter applies GCRA per key")
    func inMemoryLimiter() async throws {
        let now = Mutex<Int64>(0)
        let limiter = InMemoryRateLimiter(rate: .default, now: { now.withLock { $0 } })
        var admitted = 0
        for _ in 0..<200 where try await limiter.acquire(key: "cus_1").allowed { admitted += 1 }
        #expect(admitted == 100)
        #expect(try await limiter.acquire(key: "cus_2").allowed)
        now.withLock { $0 += 600_000 }
        #expect(try await limiter.acquire(key: "cus_1").allowed)
        #expect(try await !limiter.acquire(key: "cus_1").allowed)
    }
}
