import Logging
import NIOPosix
import ServiceLifecycle
import TillWire

/// Hosts the saga drives of one process, so that a saga outlives the request that started it.
///
/// A `Service`: drives submitted while it runs execute in its task group. On graceful shutdown it
/// takes no new drives; those in flight get until `drainTimeout` after the process began to shut
/// down (``init(drainTimeout:shutdownBegan:logger:)``) to finish, the rest are cancelled (between
/// steps, without recording anything) and another orchestrator adopts them once their leases lapse.
public final class SagaRunner: Service, Sendable {
    typealias Job = @Sendable () async -> Void

    /// A drive and the executor it prefers.
    private struct Submission: Sendable {
        let executor: EventLoopTaskExecutor
        let job: Job
    }

    private let jobs: AsyncStream<Submission>
    private let submissions: AsyncStream<Submission>.Continuation
    private let drainTimeout: Duration
    private let shutdownBegan: @Sendable () async -> ContinuousClock.Instant
    private let logger: Logger

    /// - Parameter shutdownBegan: returns when the process began to shut down, which may be before
    ///   this service hears of it (a service group stops its services one at a time, the RPC server
    ///   and its own drain first); by default, when this service hears of it.
    public init(
        drainTimeout: Duration = .seconds(10),
        shutdownBegan: (@Sendable () async -> ContinuousClock.Instant)? = nil,
        logger: Logger
    ) {
        (self.jobs, self.submissions) = AsyncStream<Submission>.makeStream()
        self.drainTimeout = drainTimeout
        self.shutdownBegan = shutdownBegan ?? {
            try? await gracefulShutdown()
            return .now
        }
        self.logger = logger
    }

    /// Runs `job` in the runner's task group; `false` once the runner is shutting down.
    ///
    /// The job prefers the event loop it was submitted from (any loop if submitted from none): a
    /// drive only awaits I/O, so running it where its RPC and Redis replies arrive saves a thread
    /// hop (a futex wake and a context switch) per await.
    func submit(_ job: @escaping Job) -> Bool {
        let submission = Submission(executor: EventLoopTaskExecutor(MultiThreadedEventLoopGroup.singleton.any()), job: job)
        if case .enqueued = submissions.yield(submission) { return true }
        return false
    }

    public func run() async {
        let drainTimeout = self.drainTimeout
        let shutdownBegan = self.shutdownBegan
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                for await submission in jobs {
                    group.addTask(executorPreference: submission.executor) {
                        await withTaskGroup(of: Void.self) { race in
                            race.addTask { await submission.job() }
                            race.addTask {
                                // Bounds the job only once shutdown begins.
                                let began = await shutdownBegan()
                                try? await Task.sleep(until: began + drainTimeout)
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
