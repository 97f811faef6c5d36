import Testing
import TillPayments
import TillRedis
import TillTestSupport

@Suite("Fraud blocklist and velocity on Redis", .redisServer(), .timeLimit(.minutes(1)))
struct RedisFraudStoresLiveTests {
    static func context(customerID: String, email: String = "shopper@example.com") -> FraudContext {
        FraudContext(
            paymentID: "pay_1", orderID: "ord_1", customerID: customerID, email: email,
            amount: Money(amount: 4_999, currency: .usd), billingCountry: "US", cardCountry: "US"
        )
    }

    static func engine(_ redis: RedisClient, blocklistKey: String) -> FraudEngine {
        .standard(blocklist: RedisFraudBlocklist(redis: redis, key: blocklistKey), velocity: RedisVelocityCounter(redis: redis))
    }

    @Test("the sixth attempt within an hour is blocked, counted across two replicas")
    func velocity() async throws {
        try await LiveRedis.withTwoClients { (first: RedisClient, second: RedisClient) async throws in
            let blocklist = LiveRedis.unique("blocklist")
            let engines = [Self.engine(first, blocklistKey: blocklist), Self.engine(second, blocklistKey: blocklist)]
            let customer = LiveRedis.unique("cus")
            for attempt in 1...5 {
                let assessment = try await engines[attempt % 2].assess(Self.context(customerID: customer), phase: .beforeAuthorization)
                #expect(assessment.decision == .approve, "attempt \(attempt)")
            }
            let sixth = try await engines[0].assess(Self.context(customerID: customer), phase: .beforeAuthorization)
            #expect(sixth.decision == .block)
            #expect(sixth.blockedBy == "velocity")
            #expect(sixth.refusal(challengeURL: "")?.code == .fraudBlocked)
            // Another customer is unaffected, and the counter expires with its window.
            #expect(try await engines[1].assess(Self.context(customerID: LiveRedis.unique("cus")), phase: .beforeAuthorization).decision == .approve)
            let ttl = try await first.send("TTL", RedisVelocityCounter.storageKey(for: customer)).int64 ?? 0
            #expect(ttl > 3_500 && ttl <= 3_600)
        }
    }

    @Test("the window slides: attempts older than the window stop counting")
    func slidingWindow() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let time = SimulatedUnixTime()
            let counter = RedisVelocityCounter(redis: redis, clock: time.clock)
            let customer = LiveRedis.unique("cus")
            #expect(try await counter.recordAttempt(key: customer, windowSeconds: 3_600) == 1)
            time.advance(milliseconds: 1_800_000)
            #expect(try await counter.recordAttempt(key: customer, windowSeconds: 3_600) == 2)
            time.advance(milliseconds: 1_799_999)
            #expect(try await counter.recordAttempt(key: customer, windowSeconds: 3_600) == 3)
            time.advance(milliseconds: 1)
            // The first attempt is now exactly an hour old: out of the window.
            #expect(try await counter.recordAttempt(key: customer, windowSeconds: 3_600) == 3)
            time.advance(milliseconds: 3_600_000)
            #expect(try await counter.recordAttempt(key: customer, windowSeconds: 3_600) == 1)
        }
    }

    @Test("memory per customer is capped; counts saturate at the cap")
    func cap() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let counter = RedisVelocityCounter(redis: redis, maximumTracked: 10)
            let customer = LiveRedis.unique("cus")
            var counts: [Int64] = []
            for _ in 0..<15 { counts.append(try await counter.recordAttempt(key: customer, windowSeconds: 3_600)) }
            #expect(counts == Array(1...10) + Array(repeating: 10, count: 5))
            #expect(try await redis.send("ZCARD", RedisVelocityCounter.storageKey(for: customer)).int64 == 10)
        }
    }

    @Test("an operator's block applies to every replica at once, by e-mail or customer id, until removed")
    func blocklist() async throws {
        try await LiveRedis.withTwoClients { (first: RedisClient, second: RedisClient) async throws in
            let key = LiveRedis.unique("blocklist")
            let operator_ = RedisFraudBlocklist(redis: first, key: key)
            let engine = Self.engine(second, blocklistKey: key)

            #expect(try await operator_.add("Mallory@Example.com"))
            #expect(try await operator_.add("mallory@example.com") == false)
            #expect(try await operator_.add("cus_banned"))
            #expect(try await operator_.entries() == ["cus_banned", "mallory@example.com"])
            #expect(try await operator_.contains("MALLORY@example.com"))

            let byEmail = try await engine.assess(
                Self.context(customerID: LiveRedis.unique("cus"), email: "mallory@EXAMPLE.com"), phase: .beforeAuthorization
            )
            #expect(byEmail.decision == .block)
            #expect(byEmail.blockedBy == "blocklist")
            // Evaluation stopped at the block: velocity never ran.
            #expect(byEmail.verdicts.map(\.rule) == ["blocklist"])
            let byID = try await engine.assess(Self.context(customerID: "cus_banned"), phase: .beforeAuthorization)
            #expect(byID.blockedBy == "blocklist")

            #expect(try await operator_.remove("MALLORY@example.com"))
            #expect(try await operator_.remove("mallory@example.com") == false)
            let afterRemoval = try await engine.assess(
                Self.context(customerID: LiveRedis.unique("cus"), email: "mallory@example.com"), phase: .beforeAuthorization
            )
            #expect(afterRemoval.decision == .approve)
        }
    }
}
