#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A child started with ``ProcessSpawner``, safe to signal and poll from any task.
///
/// Its exit is collected (`waitpid`) when ``exitStatus`` is read, so it does not linger as a zombie.
public final class SpawnedProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    private let collected = Mutex<Int32?>(nil)

    /// Starts `executable`; standard output and error go to `output` (a file path).
    public init(
        executable: String,
        arguments: [String],
        environment: [String: String],
        output: String = "/dev/null"
    ) throws(ProcessSpawner.Failure) {
        pid = try ProcessSpawner.spawn(executable: executable, arguments: arguments, environment: environment, output: output)
    }

    /// The exit status (the signal number + 128 when killed by one), or `nil` while it runs.
    public var exitStatus: Int32? {
        collected.withLock { status in
            if let status { return status }
            var waitStatus: Int32 = 0
            let result = waitpid(pid, &waitStatus, WNOHANG)
            if result == pid {
                let signal = waitStatus & 0x7f
                status = signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal
            } else if result == -1, errno == ECHILD {
                status = -1
            }
            return status
        }
    }

    /// Whether the child is still running.
    public var isRunning: Bool { exitStatus == nil }

    /// Sends `signal` if the child still runs (never to a recycled pid: the zombie holds it until collected).
    public func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Waits, without blocking a thread, until the child exits; returns its ``exitStatus``.
    public func waitForExit(timeout: Duration) async throws -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = exitStatus { return status }
            try await Task.sleep(for: .milliseconds(10))
        }
        return exitStatus
    }
}
