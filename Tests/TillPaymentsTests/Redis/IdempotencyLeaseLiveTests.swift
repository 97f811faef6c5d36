import Foundation
import Synchronization
import Testing
@testable import TillPayments
import TillRedis
import TillTestSupport
import TillWire

/// Leases on a simulated clock, so that they lapse exactly when a test says.
@Suite("Idempotency leases on Redis", .redisServer(), .timeLimit(.minutes(2)))
struct IdempotencyLeaseLiveTests {
    @Test("an owner that keeps renewing keeps its claim past the lease")
    func renewal() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let time = SimulatedUnixTime()
            let store = RedisIdempotencyStore(redis: redis, clock: time.clock, logger: LiveRedis.logger)
            let idempotent = IdempotentExecutor(
                store: store, instance: "payments-test",
                configuration: .init(leaseMilliseconds: 1_000, renewalInterval: .milliseconds(20)), logger: LiveRedis.logger
            )
            let key = LiveRedis.unique()
            let storageKey = "till:idem:{payments.capture:\(key)}"
            let calls = Atomic<Int>(0)
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let (finish, finishContinuation) = AsyncStream<Void>.makeStream()
            async let first = idempotent.run(service: "payments", method: "capture", key: key, params: [:]) {
                calls.add(1, ordering: .relaxed)
                startedContinuation.yield()
                for await _ in finish { break }
                return ["state": "captured"]
            }
            for await _ in started { break }
            // Three times 800 ms: the original lease (1 s) would lapse; each renewal moves it.
            for _ in 0..<3 {
                time.advance(milliseconds: 800)
                let renewedUntil = time.nowMilliseconds + 1_000
                let deadline = ContinuousClock.now + .seconds(20)
                while try await Self.leaseUntil(storageKey, redis: redis) != renewedUntil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(try await Self.leaseUntil(storageKey, redis: redis) == renewedUntil, "the owner did not renew")
                let error = await #expect(throws: PaymentError.self) {
                    try await idempotent.run(service: "payments", method: "capture", key: key, params: [:]) { [:] }
                }
                #expect(error?.code == .idempotencyInProgress)
            }
            finishContinuation.yield()
            #expect(try await first == ["state": "captured"])
            #expect(calls.load(ordering: .relaxed) == 1)
        }
    }

    @Test("one keeper renews every running claim and forgets each as its call returns")
    func keeperForgetsFinishedCalls() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let time = SimulatedUnixTime()
            let store = RedisIdempotencyStore(redis: redis, clock: time.clock, logger: LiveRedis.logger)
            let idempotent = IdempotentExecutor(
                store: store, instance: "payments-test",
                configuration: .init(leaseMilliseconds: 1_000, renewalInterval: .milliseconds(20)), logger: LiveRedis.logger
            )
            let keys = [LiveRedis.unique(), LiveRedis.unique()]
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let (finishFirst, finishFirstContinuation) = AsyncStream<Void>.makeStream()
            let (finishSecond, finishSecondContinuation) = AsyncStream<Void>.makeStream()
            async let first = idempotent.run(service: "payments", method: "capture", key: keys[0], params: [:]) {
                startedContinuation.yield()
                for await _ in finishFirst { break }
                return ["call": "first"]
            }
            async let second = idempotent.run(service: "payments", method: "capture", key: keys[1], params: [:]) {
                startedContinuation.yield()
                for await _ in finishSecond { break }
                return ["call": "second"]
            }
            var running = 0
            for await _ in started {
                running += 1
                if running == 2 { break }
            }
            #expect(idempotent.runningClaims == 2)
            time.advance(milliseconds: 800)
            let renewedUntil = time.nowMilliseconds + 1_000
            for key in keys {
                let storageKey = "till:idem:{payments.capture:\(key)}"
                let deadline = ContinuousClock.now + .seconds(20)
                while try await Self.leaseUntil(storageKey, redis: redis) != renewedUntil, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(try await Self.leaseUntil(storageKey, redis: redis) == renewedUntil, "claim \(key) was not renewed")
            }
            finishFirstContinuation.yield()
            #expect(try await first == ["call": "first"])
            #expect(idempotent.runningClaims == 1)
            finishSecondContinuation.yield()
            #expect(try await second == ["call": "second"])
            #expect(idempotent.runningClaims == 0)
        }
    }

    /// The `lease_until_ms` of the in-flight record at `storageKey`, if it is one.
    static func leaseUntil(_ storageKey: String, redis: RedisClient) async throws -> Int64? {
        guard let bytes = try await redis.send("GET", storageKey).bytes,
            case .inFlight(_, _, let leaseUntil) = try JSONDecoder().decode(IdempotencyRecord.self, from: Data(bytes))
        else { return nil }
        return leaseUntil
    }

    @Test("a claim whose owner died is taken over once its lease lapses")
    func takeover() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let time = SimulatedUnixTime()
            let store = RedisIdempotencyStore(redis: redis, clock: time.clock, logger: LiveRedis.logger)
            let idempotent = IdempotentExecutor(store: store, instance: "payments-test", logger: LiveRedis.logger)
            let key = LiveRedis.unique()
            let idempotencyKey = try #require(IdempotencyKey(service: "payments", method: "capture", key: key))
            let hash = ParamsHash.compute([:], documented: .paymentsCapture)
            #expect(try await store.claim(idempotencyKey, paramsHash: hash, owner: "payments-dead", leaseMilliseconds: 10_000) == .claimed)

            let calls = Atomic<Int>(0)
            func capture() async throws -> JSONValue {
                try await idempotent.run(service: "payments", method: "capture", key: key, params: [:], documented: .paymentsCapture) {
                    calls.add(1, ordering: .relaxed)
                    return ["state": "captured"]
                }
            }
            time.advance(milliseconds: 9_999)
            let error = await #expect(throws: PaymentError.self) { try await capture() }
            #expect(error?.code == .idempotencyInProgress)
            time.advance(milliseconds: 1)
            #expect(try await capture() == ["state": "captured"])
            #expect(try await capture() == ["state": "captured"])
            #expect(calls.load(ordering: .relaxed) == 1)
        }
    }

    @Test("a stale owner can neither complete, release nor renew after a takeover")
    func fencing() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let time = SimulatedUnixTime()
            let store = RedisIdempotencyStore(redis: redis, clock: time.clock, logger: LiveRedis.logger)
            let key = try #require(IdempotencyKey(service: "payments", method: "authorize", key: LiveRedis.unique()))
            #expect(try await store.claim(key, paramsHash: "h", owner: "stale", leaseMilliseconds: 200) == .claimed)
            #expect(try await store.claim(key, paramsHash: "h", owner: "successor", leaseMilliseconds: 10_000) == .inProgress)
            time.advance(milliseconds: 200)
            #expect(try await store.claim(key, paramsHash: "other", owner: "successor", leaseMilliseconds: 10_000) == .conflict)
            #expect(try await store.claim(key, paramsHash: "h", owner: "successor", leaseMilliseconds: 10_000) == .claimed)

            #expect(try await store.renew(key, owner: "stale", leaseMilliseconds: 10_000) == false)
            #expect(try await store.complete(key, owner: "stale", outcome: .success(["by": "stale"])) == false)
            #expect(try await store.release(key, owner: "stale") == false)
            #expect(try await store.renew(key, owner: "successor", leaseMilliseconds: 10_000))
            #expect(try await store.complete(key, owner: "successor", outcome: .success(["by": "successor"])))
            #expect(try await store.claim(key, paramsHash: "h", owner: "late", leaseMilliseconds: 10_000) == .replay(.success(["by": "successor"])))
            // Finished records belong to nobody.
            #expect(try await store.release(key, owner: "successor") == false)
            #expect(try await store.complete(key, owner: "successor", outcome: .success(["by": "again"])) == false)
        }
    }
}
