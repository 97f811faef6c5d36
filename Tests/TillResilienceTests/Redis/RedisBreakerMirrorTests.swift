import Testing
import TillRedis
import TillResilience
import TillTestSupport

/// The Lua scripts against ``BreakerStateMachine``: the same random histories, driven through the
/// same instants, must give the same admissions, transitions and stored state at every step.
@Suite("Redis breaker scripts mirror BreakerStateMachine", .redisServer(), .timeLimit(.minutes(2)))
struct RedisBreakerMirrorTests {
    /// A deterministic generator, so a failing history can be replayed from its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("random histories agree step by step", arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func randomHistories(seed: UInt64) async throws {
        let configuration = BreakerConfiguration(failureThreshold: 3, recoveryTimeoutMilliseconds: 1_000, probeTimeoutMilliseconds: 400)
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            var random = SplitMix(state: seed)
            let time = SimulatedUnixTime()
            let store = RedisCircuitBreakerStore(redis: redis, clock: time.clock)
            let name = LiveRedis.unique("mirror-\(seed)")
            var machine = BreakerStateMachine(configuration: configuration)
            var permits: [BreakerPermit] = []

            for step in 0..<250 {
                // Mostly short steps, sometimes long enough to pass the recovery or probe timeout.
                let advance: Int64 = Bool.random(using: &random) ? Int64.random(in: 0...50, using: &random) : Int64.random(in: 0...1_200, using: &random)
                time.advance(milliseconds: advance)
                let now = time.nowMilliseconds
                if permits.isEmpty || Int.random(in: 0..<3, using: &random) == 0 {
                    let expected = machine.acquire(now: now)
                    let actual = try await store.acquire(breaker: name, configuration: configuration)
                    #expect(actual == expected, "acquire at step \(step), seed \(seed)")
                    if case .admitted(let permit) = expected.admission { permits.append(permit) }
                } else {
                    // Any outstanding permit may report, including stale ones.
                    let permit = permits.remove(at: Int.random(in: 0..<permits.count, using: &random))
                    let outcome = BreakerOutcome.allCases.randomElement(using: &random) ?? .failure
                    let expected = machine.record(outcome, permit: permit, now: now)
                    let actual = try await store.record(outcome, permit: permit, breaker: name, configuration: configuration)
                    #expect(actual == expected, "record \(outcome) at step \(step), seed \(seed)")
                }
                let stored = try await store.snapshot(breaker: name)
                #expect(stored == machine.snapshot, "snapshot at step \(step), seed \(seed)")
                if stored != machine.snapshot { return }
            }
        }
    }

    @Test("every transition of the machine is reached by the histories")
    func coverage() async throws {
        let configuration = BreakerConfiguration(failureThreshold: 2, recoveryTimeoutMilliseconds: 100, probeTimeoutMilliseconds: 50)
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let time = SimulatedUnixTime()
            let store = RedisCircuitBreakerStore(redis: redis, clock: time.clock)
            let name = LiveRedis.unique()
            var seen: [BreakerTransition] = []

            func acquire() async throws -> BreakerPermit? {
                let decision = try await store.acquire(breaker: name, configuration: configuration)
                if let transition = decision.transition { seen.append(transition) }
                if case .admitted(let permit) = decision.admission { return permit }
                return nil
            }
            func record(_ outcome: BreakerOutcome, _ permit: BreakerPermit?) async throws {
                guard let permit else { Issue.record("expected a permit"); return }
                if let transition = try await store.record(outcome, permit: permit, breaker: name, configuration: configuration) {
                    seen.append(transition)
                }
            }

            try await record(.failure, try await acquire())
            try await record(.success, try await acquire())  // resets the count
            try await record(.failure, try await acquire())
            try await record(.failure, try await acquire())  // closed → open
            #expect(try await acquire() == nil)
            time.advance(milliseconds: 100)
            let probe = try await acquire()  // open → half-open
            #expect(probe?.isProbe == true)
            #expect(try await acquire() == nil)  // one probe at a time
            time.advance(milliseconds: 50)
            let secondProbe = try await acquire()  // the first probe's lease lapsed
            #expect(secondProbe?.isProbe == true)
            try await record(.success, probe)  // stale: ignored
            #expect(try await store.snapshot(breaker: name).state == .halfOpen)
            try await record(.abandoned, secondProbe)  // frees the slot at once
            let thirdProbe = try await acquire()
            try await record(.failure, thirdProbe)  // half-open → open
            time.advance(milliseconds: 100)
            let fourthProbe = try await acquire()  // open → half-open
            try await record(.success, fourthProbe)  // half-open → closed

            #expect(
                seen.map { "\($0.from.rawValue)→\($0.to.rawValue)" } == [
                    "closed→open", "open→half_open", "half_open→open", "open→half_open", "half_open→closed",
                ]
            )
            #expect(try await store.snapshot(breaker: name) == BreakerSnapshot(
                state: .closed, consecutiveFailures: 0, openedAt: time.nowMilliseconds - 100, probeLeaseUntil: 0, generation: 7
            ))
        }
    }
}
