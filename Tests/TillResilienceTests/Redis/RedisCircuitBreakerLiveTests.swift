import Logging
import MetricsTestKit
import Synchronization
import Testing
import TillRedis
import TillResilience
import TillTestSupport
import TillWire

@Suite("Circuit breaker shared through Redis", .redisServer(), .timeLimit(.minutes(2)))
struct RedisCircuitBreakerLiveTests {
    struct DependencyDown: RetriableError {
        var isRetriable: Bool { true }
    }

    static func breaker(_ name: String, redis: RedisClient, recoveryMilliseconds: Int64 = 30_000, metrics: TestMetrics = TestMetrics())
        -> CircuitBreaker
    {
        CircuitBreaker(
            name: name,
            configuration: BreakerConfiguration(recoveryTimeoutMilliseconds: recoveryMilliseconds),
            store: RedisCircuitBreakerStore(redis: redis, metricsFactory: metrics),
            logger: LiveRedis.logger
        )
    }

    static func failFiveTimes(_ breaker: CircuitBreaker) async {
        for _ in 1...5 {
            await #expect(throws: DependencyDown.self) {
                try await breaker.run { () async throws -> Void in throw DependencyDown() }
            }
        }
    }

    /// Waits, on Redis' clock, until the breaker's recovery timeout has passed.
    static func waitForRecovery(_ store: RedisCircuitBreakerStore, breaker: String, recoveryMilliseconds: Int64, redis: RedisClient)
        async throws
    {
        let openedAt = try await store.snapshot(breaker: breaker).openedAt
        while true {
            let time = try await redis.send("TIME").array ?? []
            let now = (time.first?.int64 ?? 0) * 1_000 + (time.last?.int64 ?? 0) / 1_000
            if now >= openedAt + recoveryMilliseconds { return }
            try await Task.sleep(for: .milliseconds(max(1, openedAt + recoveryMilliseconds - now)))
        }
    }

    @Test("failures through one replica open the breaker for another, which fails fast with unavailable")
    func sharedAcrossReplicas() async throws {
        try await LiveRedis.withTwoClients { (first: RedisClient, second: RedisClient) async throws in
            let name = LiveRedis.unique()
            await Self.failFiveTimes(Self.breaker(name, redis: first))

            let ran = Mutex(false)
            let error = await #expect(throws: CircuitOpenError.self) {
                try await Self.breaker(name, redis: second).run { ran.withLock { $0 = true } }
            }
            #expect(!ran.withLock { $0 })
            let wire = try #require(error?.wireError)
            #expect(wire.code == .unavailable)
            #expect(wire.retriable)
            let retryAfter = try #require(wire.details?["retry_after_ms"]?.integerValue)
            #expect(retryAfter > 0 && retryAfter <= 30_000)
        }
    }

    @Test("the half-open breaker admits exactly one probe among concurrent callers of two replicas")
    func oneProbe() async throws {
        try await LiveRedis.withTwoClients { (first: RedisClient, second: RedisClient) async throws in
            let name = LiveRedis.unique()
            let recovery: Int64 = 300
            await Self.failFiveTimes(Self.breaker(name, redis: first, recoveryMilliseconds: recovery))
            try await Self.waitForRecovery(RedisCircuitBreakerStore(redis: first), breaker: name, recoveryMilliseconds: recovery, redis: first)

            let breakers = [first, second].map { Self.breaker(name, redis: $0, recoveryMilliseconds: recovery) }
            let calls = Atomic<Int>(0)
            let refused = Atomic<Int>(0)
            let outcomes = await LiveRedis.concurrently(40) { [breakers] in
                do {
                    return try await breakers[Int.random(in: 0...1)].run {
                        calls.add(1, ordering: .relaxed)
                        // The probe holds the half-open slot until every other caller was refused.
                        let deadline = ContinuousClock.now + .seconds(30)
                        while refused.load(ordering: .relaxed) < 39, ContinuousClock.now < deadline {
                            try await Task.sleep(for: .milliseconds(2))
                        }
                        return "probe"
                    }
                } catch is CircuitOpenError {
                    refused.add(1, ordering: .relaxed)
                    return "open"
                } catch {
                    return "\(error)"
                }
            }
            #expect(calls.load(ordering: .relaxed) == 1)
            #expect(outcomes.filter { $0 == "probe" }.count == 1)
            #expect(outcomes.filter { $0 == "open" }.count == 39)
            // The probe succeeded: the breaker is closed for everyone again.
            #expect(try await RedisCircuitBreakerStore(redis: second).snapshot(breaker: name).state == .closed)
            #expect(try await breakers[1].run { "normal" } == "normal")
        }
    }

    @Test("state and transitions are metrics")
    func metrics() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let name = LiveRedis.unique()
            let metrics = TestMetrics()
            let time = SimulatedUnixTime()
            let store = RedisCircuitBreakerStore(redis: redis, clock: time.clock, metricsFactory: metrics)
            let breaker = CircuitBreaker(name: name, store: store, logger: LiveRedis.logger)
            func state() throws -> Double? { try metrics.expectGauge("till_breaker_state", [("name", name)]).lastValue }
            func transitions(to state: String) -> Int64 {
                metrics.counterTotal(label: "till_breaker_transitions_total", dimensions: [("name", name), ("to", state)])
            }

            #expect(try await breaker.run { 1 } == 1)
            #expect(try state() == 0)
            await Self.failFiveTimes(breaker)
            #expect(try state() == 2)
            #expect(transitions(to: "open") == 1)
            time.advance(milliseconds: 30_000)
            #expect(try await breaker.run { 2 } == 2)
            #expect(transitions(to: "half_open") == 1)
            #expect(transitions(to: "closed") == 1)
            #expect(try state() == 0)
        }
    }

    @Test("failures in process A open the breaker for process B; one probe across both processes")
    func twoProcesses() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let name = LiveRedis.unique()
            let recovery: Int64 = 5_000
            let breakerArguments = ["--name", name, "--recovery-ms", "\(recovery)"]

            // Process A (the worker) fails five times and exits.
            let failing = try TestWorker(
                arguments: ["breaker", "--redis-url", try RedisServerScope.server.url, "--fail", "--calls", "6"] + breakerArguments
            )
            let failures = try await failing.report().outcomes
            #expect(failures.map(\.code) == Array(repeating: "dependency_down", count: 5) + ["unavailable"])

            // Process B (this one) is refused without calling the dependency.
            let breaker = Self.breaker(name, redis: redis, recoveryMilliseconds: recovery)
            let ran = Mutex(false)
            await #expect(throws: CircuitOpenError.self) { try await breaker.run { ran.withLock { $0 = true } } }
            #expect(!ran.withLock { $0 })

            // After the recovery timeout both processes call at once: exactly one probe runs.
            try await Self.waitForRecovery(RedisCircuitBreakerStore(redis: redis), breaker: name, recoveryMilliseconds: recovery, redis: redis)
            let counter = LiveRedis.unique("probes")
            let refused = LiveRedis.unique("refused")
            let barrier = LiveRedis.unique("barrier")
            let worker = try await LiveRedis.startWorker(
                "breaker", ["--calls", "20", "--counter", counter, "--refused", refused, "--expect-refused", "39"] + breakerArguments,
                barrier: barrier, redis: redis
            )
            try await LiveRedis.go(barrier, redis: redis)
            // As in the worker: an admitted call holds the probe until the 39 others were refused.
            let local = await LiveRedis.concurrently(20) {
                do {
                    return try await breaker.run {
                        try await redis.send("INCR", counter)
                        try await LiveRedis.waitForCount(refused, toReach: 39, redis: redis)
                        return "called"
                    }
                } catch let open as CircuitOpenError {
                    _ = try? await redis.send("INCR", refused)
                    return open.wireError.code.rawValue
                } catch {
                    return "\(error)"
                }
            }
            let remote = try await worker.report().outcomes.map { $0.value ?? $0.code ?? "?" }
            let all = local + remote
            #expect(try await redis.send("GET", counter).int64 == 1)
            #expect(all.filter { $0 == "called" }.count == 1)
            #expect(all.filter { $0 == "unavailable" }.count == 39)
            #expect(try await RedisCircuitBreakerStore(redis: redis).snapshot(breaker: name).state == .closed)
        }
    }
}
