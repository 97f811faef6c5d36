import Logging
import ServiceLifecycle
import Testing
import TillService

@Suite(.timeLimit(.minutes(1)))
struct ProcessShutdownTests {
    @Test func waitersLearnWhenTheGroupBeganToShutDown() async throws {
        let shutdown = ProcessShutdown()
        let group = ServiceGroup(services: [shutdown], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let waiter = Task { await shutdown.began() }
            try await Task.sleep(for: .milliseconds(50))
            let before = ContinuousClock.now
            await group.triggerGracefulShutdown()
            let began = await waiter.value
            #expect(began >= before)
            // Later callers get the same instant, at once.
            #expect(await shutdown.began() == began)
            try await tasks.waitForAll()
        }
    }

    @Test func aCancelledWaiterReturnsAtOnceSoItNeverOutlivesItsWork() async {
        let shutdown = ProcessShutdown()
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            // Cancelled both before and after their wait is registered.
            group.cancelAll()
            for _ in 0..<500 { group.addTask { _ = await shutdown.began() } }
            await Task.yield()
            group.cancelAll()
            for _ in 0..<500 { group.addTask { _ = await shutdown.began() } }
            group.cancelAll()
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}
