import Foundation
import Synchronization

/// A child process whose handle can be signalled from any task.
///
/// `Foundation.Process` is not `Sendable`; every access goes through the mutex.
public final class LockedProcess: Sendable {
    private let process = Mutex<Process?>(nil)

    public init() {}

    /// Starts `executable` with `arguments`; output goes to `output` (a file) or is discarded.
    public func start(
        executable: URL,
        arguments: [String],
        environment: [String: String]? = nil,
        output: URL? = nil
    ) throws {
        let child = Process()
        child.executableURL = executable
        child.arguments = arguments
        if let environment { child.environment = environment }
        if let output {
            _ = FileManager.default.createFile(atPath: output.path, contents: nil)
            let handle = try FileHandle(forWritingTo: output)
            child.standardOutput = handle
            child.standardError = handle
        } else {
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
        }
        try child.run()
        process.withLock { $0 = child }
    }

    public var isRunning: Bool { process.withLock { $0?.isRunning ?? false } }
    public var pid: Int32? { process.withLock { $0?.processIdentifier } }

    /// Sends `signal` to the process if it is still running.
    public func signal(_ signal: Int32) {
        process.withLock { child in
            guard let child, child.isRunning else { return }
            Foundation.kill(child.processIdentifier, signal)
        }
    }

    /// Waits (polling, without blocking a thread) until the process exits; returns its status.
    public func waitForExit(timeout: Duration) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let status: Int32? = process.withLock { child in
                guard let child else { return 0 }
                return child.isRunning ? nil : child.terminationStatus
            }
            if let status { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSupportError("process did not exit within \(timeout)")
    }
}
