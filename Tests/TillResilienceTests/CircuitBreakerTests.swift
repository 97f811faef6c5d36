import Logging
import Synchronization
import Testing
import TillResilience

@Suite("CircuitBreaker over the in-memory store")
struct CircuitBreakerTests {
    final class TestTime: Sendable {
        private let milliseconds = Mutex<Int64>(1_000_000)
        func now() -> Int64 { milliseconds.withLock { $0 } }
        func advance(by delta: Int64) { milliseconds.withLock { $0 += delta } }
    }

    let time = TestTime()
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    func makeBreaker() -> CircuitBreaker {
        let time = time
        return CircuitBreaker(name: "gateway", store: InMemoryCircuitBreakerStore(now: { time.now() }), logger: logger)
    }

    @Test("five retriable failures open the circuit; calls are then refused without running")
    func opens() async throws {
        let breaker = makeBreaker()
        for attempt in 1...5 {
            await #expect(throws: TestFailure.self) {
                try await breaker.run { () async throws -> Void in throw TestFailure(attempt: attempt, isRetriable: true) }
            }
        }
        let ran = Mutex(false)
        let error = await #expect(throws: CircuitOpenError.self) {
            try await breaker.run { ran.withLock { $0 = true } }
        }
        #expect(error?.retryAfterMilliseconds == 30_000)
        #expect(error?.isRetriable == true)
        #expect(!ran.withLock { $0 })
    }

    @Test("non-retriable errors are answers, not failures of the dependency")
    func declinesDoNotCount() async throws {
        let breaker = makeBreaker()
        for attempt in 1...10 {
            await #expect(throws: TestFailure.self) {
                try await breaker.run { () async throws -> Void in throw TestFailure(attempt: attempt, isRetriable: false) }
            }
        }
        #expect(try await breaker.run { 42 } == 42)
    }

    @Test("after the recovery timeout a successful probe closes the circuit")
    func recovers() async throws {
        let breaker = makeBreaker()
        for attempt in 1...5 {
            _ = try? await breaker.run { () async throws -> Void in throw TestFailure(attempt: attempt, isRetriable: true) }
        }
        time.advance(by: 30_000)
        #expect(try await breaker.run { "probe" } == "probe")
        #expect(try await breaker.run { "normal" } == "normal")
    }

    @Test("a cancelled probe frees the half-open slot")
    func cancelledProbe() async throws {
        let breaker = makeBreaker()
        for attempt in 1...5 {
            _ = try? await breaker.run { () async throws -> Void in throw TestFailure(attempt: attempt, isRetriable: true) }
        }
        time.advance(by: 30_000)
        await #expect(throws: CancellationError.self) {
            try await breaker.run { () async throws -> Void in throw CancellationError() }
        }
        #expect(try await breaker.run { "next probe" } == "next probe")
    }
}
