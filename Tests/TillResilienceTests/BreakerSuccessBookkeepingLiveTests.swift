import Testing
import TillRedis
import TillResilience
import TillTestSupport
import TillWire

@Suite("Breaker bookkeeping on the healthy path", .redisServer(), .timeLimit(.minutes(1)))
struct BreakerSuccessBookkeepingLiveTests {
    @Test("a success on a closed breaker with no failures costs one command; after a failure it resets the count")
    func successWithoutFailuresSkipsTheRecord() async throws {
        try await LiveRedis.withClient { redis in
            let store = RedisCircuitBreakerStore(redis: redis)
            let breaker = CircuitBreaker(name: LiveRedis.unique("breaker"), store: store, logger: LiveRedis.logger)
            _ = try await breaker.run { 1 }  // loads the script
            let before = redis.commandsSent
            _ = try await breaker.run { 1 }
            #expect(redis.commandsSent - before == 1)

            _ = try? await breaker.run { () async throws -> Int in throw WireError(.unavailable, "down") }
            #expect(try await store.snapshot(breaker: breaker.name).consecutiveFailures == 1)
            let afterFailure = redis.commandsSent
            _ = try await breaker.run { 1 }
            #expect(redis.commandsSent - afterFailure == 2)
            #expect(try await store.snapshot(breaker: breaker.name).consecutiveFailures == 0)
        }
    }

    @Test("the pure machine marks the same permits as the Redis script")
    func machineAgrees() {
        var machine = BreakerStateMachine()
        guard case .admitted(let clean) = machine.acquire(now: 0).admission else { Issue.record("refused"); return }
        #expect(clean.successIsNoOp)
        machine.record(.failure, permit: clean, now: 0)
        guard case .admitted(let dirty) = machine.acquire(now: 0).admission else { Issue.record("refused"); return }
        #expect(!dirty.successIsNoOp)
    }
}
