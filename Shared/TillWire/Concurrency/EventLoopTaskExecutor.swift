import NIOCore

/// Runs Swift tasks on a NIO event loop.
///
/// Request handlers run as tasks that prefer their connection's event loop: decoding the request,
/// running a handler that only awaits I/O, encoding and writing the response then all happen on one
/// thread, with no hop to the global concurrent pool and back. Handlers that hop to an actor or
/// await another loop's I/O still work; they simply come back to this loop afterwards.
public final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop every job of a task preferring this executor runs on.
    public let eventLoop: any EventLoop

    /// An executor that runs jobs on `eventLoop`.
    public init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
