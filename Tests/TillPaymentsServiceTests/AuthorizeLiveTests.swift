import Foundation
import Testing
import TillAPI
import TillPayments
import TillRedis
import TillResilience
import TillTestSupport
import TillWire

@testable import TillPaymentsService

@Suite("payments.authorize on Redis", .redisServer(), .timeLimit(.minutes(1)))
struct AuthorizeLiveTests {
    @Test("tok_visa authorizes in at most 8 Redis commands, records history and publishes nothing personal")
    func authorizeBudget() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            // Warm up: load every script once (a NOSCRIPT fallback costs extra commands).
            _ = try await harness.authorize(harness.params(harness.id("warm")))
            let before = redis.commandsSent
            let result = try await harness.authorize(harness.params(harness.id("pay")))
            let sent = redis.commandsSent - before
            #expect(sent <= 8, "authorize sent \(sent) Redis commands")
            #expect(result.state == "authorized")
            #expect(result.fraud.decision == "approve")
            #expect(result.fraud.rules.map(\.rule) == ["blocklist", "velocity", "country_mismatch", "high_amount", "avs_cvv"])

            let view = try await harness.service.get(paymentID: harness.id("pay"))
            #expect(view.state == "authorized")
            #expect(view.history.map(\.state) == ["pending", "authorized"])
            #expect(view.history.allSatisfy { $0.source == "api" })
        }
    }

    @Test("a replay with the same key answers the first outcome without a second gateway call; another amount conflicts")
    func replayAndConflict() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let params = harness.params(harness.id("pay"))
            let first = try await harness.authorize(params, key: "k1")
            let again = try await harness.authorize(params, key: "k1")
            #expect(first == again)
            #expect(await harness.gateway.count("authorize") == 1)
            var changed = params
            changed.amount += 1
            #expect(await errorCode { _ = try await harness.authorize(changed, key: "k1") } == "idempotency_conflict")
            // Another key for the same payment id with other params: the payment's own record refuses it.
            #expect(await errorCode { _ = try await harness.authorize(changed, key: "k2") } == "idempotency_conflict")
            // Same params, another key: the payment's first outcome, still one authorization.
            #expect(try await harness.authorize(params, key: "k3") == first)
            #expect(await harness.gateway.count("authorize") == 1)
        }
    }

    @Test("concurrent authorizes with one key make one gateway authorization")
    func concurrentOneKey() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let params = harness.params(harness.id("pay"))
            let outcomes = await LiveRedis.concurrently(20) { () async -> String in
                (await errorCode { _ = try await harness.authorize(params, key: "same") }) ?? "ok"
            }
            #expect(outcomes.contains("ok"))
            #expect(outcomes.allSatisfy { $0 == "ok" || $0 == "idempotency_in_progress" })
            #expect(await harness.gateway.count("authorize") == 1)
        }
    }

    @Test("declines are final and recorded; 3-D Secure carries the challenge url")
    func declines() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            for (token, code) in [("tok_declined", "card_declined"), ("tok_insufficient_funds", "insufficient_funds"), ("tok_3ds", "authentication_required")] {
                let id = harness.id(token)
                #expect(await errorCode { _ = try await harness.authorize(harness.params(id, token: token)) } == code)
                #expect(try await harness.service.get(paymentID: id).state == "failed")
                // Another key for the same payment: the same answer, no second gateway call.
                #expect(await errorCode { _ = try await harness.authorize(harness.params(id, token: token), key: "other-\(id)") } == code)
            }
            #expect(await harness.gateway.count("authorize") == 3)
        }
    }

    @Test("a CVV mismatch voids the authorization at once and answers fraud_blocked")
    func cvvMismatch() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let id = harness.id("cvv")
            #expect(await errorCode { _ = try await harness.authorize(harness.params(id, token: "tok_cvv_fail")) } == "fraud_blocked")
            #expect(await harness.gateway.count("void") == 1)
            #expect(await harness.gateway.payments[id]?.state == .voided)
            #expect(try await harness.service.get(paymentID: id).state == "voided")
        }
    }

    @Test("a blocklisted e-mail is refused before any gateway call")
    func blocklisted() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            try await RedisFraudBlocklist(redis: redis).add("blocked@example.com")
            let id = harness.id("blocked")
            #expect(await errorCode { _ = try await harness.authorize(harness.params(id, email: "Blocked@Example.com")) } == "fraud_blocked")
            #expect(await harness.gateway.count("authorize") == 0)
            #expect(try await harness.service.get(paymentID: id).state == "failed")
        }
    }

    @Test("tok_flaky_2 succeeds within the retry budget")
    func flaky() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let result = try await harness.authorize(harness.params(harness.id("flaky"), token: "tok_flaky_2"))
            #expect(result.state == "authorized")
            #expect(await harness.gateway.count("authorize") == 3)
        }
    }

    @Test("five failures open the shared breaker; then calls fail fast without reaching the gateway")
    func breakerOpens() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            await harness.gateway.setDown(true)
            // Two authorizations of three attempts each: the fifth failure opens the circuit.
            for index in 0..<2 {
                let code = await errorCode { _ = try await harness.authorize(harness.params(harness.id("down-\(index)"))) }
                #expect(code == "unavailable")
            }
            let attempts = await harness.gateway.count("authorize")
            #expect(attempts == 5)
            #expect(try await harness.breaker.currentState() == .open)
            let fast = await errorCode { _ = try await harness.authorize(harness.params(harness.id("fast"))) }
            #expect(fast == "unavailable")
            #expect(await harness.gateway.count("authorize") == attempts)
            // Nothing reached the gateway: the payment may be authorized again later.
            #expect(await errorCode { _ = try await harness.service.get(paymentID: harness.id("fast")) } == "not_found")
        }
    }

    @Test("the rate limit refuses a customer's burst with retry_after_ms, and the refused payment may be tried again")
    func rateLimited() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis, rate: RateLimit(limit: 3, periodSeconds: 3_600))
            for index in 0..<3 {
                _ = try await harness.authorize(harness.params(harness.id("rl-\(index)"), customer: harness.id("cus")))
            }
            let refused = harness.params(harness.id("rl-3"), customer: harness.id("cus"))
            do {
                _ = try await harness.authorize(refused)
                Issue.record("the fourth authorize in a burst of three was admitted")
            } catch let error as PaymentError {
                #expect(error.code == .rateLimited && error.retriable)
                #expect((error.details["retry_after_ms"]?.integerValue ?? 0) > 0)
            }
            // Nothing reached the gateway and nothing is left in the ledger.
            #expect(await harness.gateway.count("authorize") == 3)
            #expect(await errorCode { _ = try await harness.service.get(paymentID: refused.paymentID) } == "not_found")
        }
    }
}
