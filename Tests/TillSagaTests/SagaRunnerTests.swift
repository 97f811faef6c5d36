import Logging
import Synchronization
import Testing
@testable import TillSaga

@Suite(.timeLimit(.minutes(1)))
struct SagaRunnerTests {
    /// The process began to stop before the runner heard of it (the RPC server drains first): a
    /// drive still running is cut at that beginning plus the drain timeout, not a whole timeout later.
    @Test func aDriveGetsTheDrainTimeoutFromWhenTheProcessBeganToStop() async throws {
        let began = ContinuousClock.now
        let runner = SagaRunner(
            drainTimeout: .milliseconds(300), shutdownBegan: { began },
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let ended = Mutex<ContinuousClock.Instant?>(nil)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { await runner.run() }
            #expect(runner.submit {
                try? await Task.sleep(for: .seconds(30))
                ended.withLock { $0 = .now }
            })
            while ended.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(20)) }
            tasks.cancelAll()
        }
        let cut = try #require(ended.withLock { $0 })
        #expect(cut - began >= .milliseconds(300))
        #expect(cut - began < .seconds(5))
    }
}
