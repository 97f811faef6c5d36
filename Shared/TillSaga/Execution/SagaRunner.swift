import Logging
import ServiceLifecycle

/// Hosts the saga drives of one process, so that a saga outlives the request that started it.
///
/// A `Service`: drives submitted while it runs execute in its task group. On graceful shutdown it
/// takes no new drives and gives those in flight `drainTimeout` to finish; the rest are cancelled
/// (between steps, without recording anything) and another orchestrator adopts them once their
/// leases lapse.
public final class SagaRunner: Service, Sendable {
    typealias Job = @Sendable () async -> Void

    private let jobs: AsyncStream<Job>
    private let submissions: AsyncStream<Job>.Continuation
    private let drainTimeout: Duration
    private let logger: Logger

    public init(drainTimeout: Duration = .seconds(10), logger: Logger) {
        (self.jobs, self.submissions) = AsyncStream<Job>.makeStream()
        self.drainTimeout = drainTimeout
        self.logger = logger
    }

    /// Runs `job` in the runner's task group; `false` once the runner is shutting down.
    func submit(_ job: @escaping Job) -> Bool {
        if case .enqueued = submissions.yield(job) { return true }
        return false
    }

    public func run() async {
        let drainTimeout = self.drainTimeout
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                for await job in jobs {
                    group.addTask {
                        await withTaskGroup(of: Void.self) { race in
                            race.addTask { await job() }
                            race.addTask {
                                // Bounds the job only once shutdown begins.
                                try? await gracefulShutdown()
                                try? await Task.sleep(for: drainTimeout)
                            }
                            _ = await race.next()
                            race.cancelAll()
                        }
                    }
                }
            } onGracefulShutdown: {
                self.submissions.finish()
            }
        }
        logger.debug("saga runner stopped")
    }
}
