import Synchronization
import Testing
import TillResilience
import TillWire

/// An error whose retriability the test chooses.
struct TestFailure: RetriableError, Equatable {
    var attempt: Int
    var isRetriable: Bool
}

@Suite("RetryPolicy")
struct RetryPolicyTests {
    @Test("backoff ceilings double from 0.5 s and stop at the cap")
    func ceilings() {
        let policy = RetryPolicy(maxDelay: .seconds(3))
        #expect(policy.backoffCeiling(beforeRetry: 1) == .milliseconds(500))
        #expect(policy.backoffCeiling(beforeRetry: 2) == .seconds(1))
        #expect(policy.backoffCeiling(beforeRetry: 3) == .seconds(2))
        #expect(policy.backoffCeiling(beforeRetry: 4) == .seconds(3))
        #expect(policy.backoffCeiling(beforeRetry: 200) == .seconds(3))
    }

    @Test("full jitter spans zero to the ceiling", arguments: [(0.0, 0), (0.5, 500), (1.0, 1_000), (0.25, 250)])
    func jitter(fraction: Double, milliseconds: Int64) {
        let policy = RetryPolicy(randomSource: FixedRandomSource([fraction]))
        #expect(policy.delay(beforeRetry: 2) == .milliseconds(milliseconds))
    }

    @Test("retriable failures are retried with jittered backoff until success")
    func retriesUntilSuccess() async throws {
        let clock = ManualClock()
        let policy = RetryPolicy(randomSource: FixedRandomSource([0.5, 1.0]))
        let attempts = Mutex(0)
        let result = try await policy.run(clock: clock) { (attempt: Int) throws(TestFailure) -> String in
            attempts.withLock { $0 += 1 }
            guard attempt == 3 else { throw TestFailure(attempt: attempt, isRetriable: true) }
            return "ok"
        }
        #expect(result == "ok")
        #expect(attempts.withLock { $0 } == 3)
        #expect(clock.sleeps == [.milliseconds(250), .seconds(1)])
    }

    @Test("a non-retriable failure is thrown at once")
    func nonRetriable() async {
        let clock = ManualClock()
        let attempts = Mutex(0)
        await #expect(throws: TestFailure(attempt: 1, isRetriable: false)) {
            try await RetryPolicy().run(clock: clock) { (attempt: Int) throws(TestFailure) -> Void in
                attempts.withLock { $0 += 1 }
                throw TestFailure(attempt: attempt, isRetriable: false)
            }
        }
        #expect(attempts.withLock { $0 } == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test("after the last attempt the last failure is thrown")
    func exhausted() async {
        let clock = ManualClock()
        await #expect(throws: TestFailure(attempt: 3, isRetriable: true)) {
            try await RetryPolicy(randomSource: FixedRandomSource([1.0])).run(clock: clock) { (attempt: Int) throws(TestFailure) -> Void in
                throw TestFailure(attempt: attempt, isRetriable: true)
            }
        }
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
    }

    @Test("the policy gives up instead of sleeping past the deadline")
    func deadline() async {
        let clock = ManualClock()
        let deadline = clock.now.advanced(by: .milliseconds(1_200))
        // Sleeps would be 0.5 s (ends at 0.5 s: fine) and then 1 s (ends at 1.5 s: past the deadline).
        await #expect(throws: TestFailure(attempt: 2, isRetriable: true)) {
            try await RetryPolicy(randomSource: FixedRandomSource([1.0])).run(clock: clock, deadline: deadline) {
                (attempt: Int) throws(TestFailure) -> Void in
                throw TestFailure(attempt: attempt, isRetriable: true)
            }
        }
        #expect(clock.sleeps == [.milliseconds(500)])
    }

    @Test("a sleep that would end exactly at the deadline is not taken")
    func deadlineBoundary() async {
        let clock = ManualClock()
        await #expect(throws: TestFailure(attempt: 1, isRetriable: true)) {
            try await RetryPolicy(randomSource: FixedRandomSource([1.0])).run(
                clock: clock, deadline: clock.now.advanced(by: .milliseconds(500))
            ) { (attempt: Int) throws(TestFailure) -> Void in
                throw TestFailure(attempt: attempt, isRetriable: true)
            }
        }
        #expect(clock.sleeps.isEmpty)
    }

    @Test("a custom classifier decides what is retried")
    func customClassifier() async throws {
        let clock = ManualClock()
        let value = try await RetryPolicy(randomSource: FixedRandomSource([0])).run(
            clock: clock, isRetriable: { (failure: TestFailure) in failure.attempt < 2 }
        ) { (attempt: Int) throws(TestFailure) -> Int in
            if attempt < 2 { throw TestFailure(attempt: attempt, isRetriable: false) }
            return attempt
        }
        #expect(value == 2)
    }

    @Test("wire errors are classified by their retriable flag")
    func wireErrors() {
        #expect(RetryClassification.isRetriable(WireError(.unavailable, "redis down")))
        #expect(!RetryClassification.isRetriable(WireError(.badRequest, "no")))
        #expect(!RetryClassification.isRetriable(CancellationError()))
    }

    @Test("cancellation during a backoff sleep ends the run with the last failure")
    func cancellation() async {
        let policy = RetryPolicy(baseDelay: .seconds(60), randomSource: FixedRandomSource([1.0]))
        let attempts = Mutex(0)
        let task = Task {
            try await policy.run { (attempt: Int) throws(TestFailure) -> Void in
                attempts.withLock { $0 += 1 }
                throw TestFailure(attempt: attempt, isRetriable: true)
            }
        }
        // Wait (generously) until the first attempt failed and the policy is asleep, then cancel.
        for _ in 0..<1_000 where attempts.withLock({ $0 }) == 0 {
            try? await Task.sleep(for: .milliseconds(10))
        }
        task.cancel()
        let outcome = await task.result
        #expect(throws: TestFailure(attempt: 1, isRetriable: true)) { try outcome.get() }
        #expect(attempts.withLock { $0 } == 1)
    }
}
