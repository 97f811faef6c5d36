import Foundation
import Synchronization
import TillProcess

/// A child process a test starts and signals from any task.
///
/// Started with `posix_spawn` (``SpawnedProcess``), not `Foundation.Process`: a child spawned from
/// a Swift concurrency thread would inherit that thread's blocked signal mask and ignore SIGTERM.
public final class LockedProcess: Sendable {
    private let process = Mutex<SpawnedProcess?>(nil)

    public init() {}

    /// Starts `executable` with `arguments`; output goes to `output` (a file) or is discarded.
    public func start(
        executable: URL,
        arguments: [String],
        environment: [String: String]? = nil,
        output: URL? = nil
    ) throws {
        let child = try SpawnedProcess(
            executable: executable.path,
            arguments: arguments,
            environment: environment ?? ProcessInfo.processInfo.environment,
            output: output?.path ?? "/dev/null"
        )
        process.withLock { $0 = child }
    }

    public var isRunning: Bool { process.withLock { $0 }?.isRunning ?? false }
    public var pid: Int32? { process.withLock { $0 }?.pid }

    /// Sends `signal` to the process if it is still running.
    public func signal(_ signal: Int32) {
        process.withLock { $0 }?.signal(signal)
    }

    /// Waits (without blocking a thread) until the process exits; returns its status.
    public func waitForExit(timeout: Duration) async throws -> Int32 {
        guard let child = process.withLock({ $0 }) else { return 0 }
        guard let status = try await child.waitForExit(timeout: timeout) else {
            throw TestSupportError("process did not exit within \(timeout)")
        }
        return status
    }
}
