import Foundation
import Synchronization
import TillProcess

/// A real Till service executable (`till-inventory`, …) started by a test, with its own ports,
/// its log in a file, and its readiness checked over its admin HTTP port.
public final class ServiceProcess: Sendable {
    public let executable: String
    public let port: Int
    public let adminPort: Int
    public let logFile: URL
    public let environment: [String: String]
    private let process = LockedProcess()
    /// How many times the process was restarted; each earlier run's log is kept beside `logFile`.
    private let restarts = Mutex<Int>(0)

    /// The cluster key every test stack uses (tests only; ≥ 16 characters).
    public static let testClusterKey = "test-cluster-key-0123456789abcdef"

    /// Starts `executable` against `redis`, waits until `/readyz` answers 200, and returns it.
    ///
    /// - Parameter environment: extra or overriding `TILL_*` variables.
    public static func start(
        _ executable: String,
        redis: RedisServer,
        environment: [String: String] = [:]
    ) async throws -> ServiceProcess {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let service = try ServiceProcess(executable: executable, redisURL: redis.url, overrides: environment)
            do {
                try service.launch()
                try await service.waitUntilReady(timeout: .seconds(30))
                return service
            } catch {
                lastError = error
                service.kill()
            }
        }
        throw lastError ?? TestSupportError("\(executable) did not start")
    }

    private init(executable: String, redisURL: String, overrides: [String: String]) throws {
        self.executable = executable
        // Held open together while chosen, so the two are distinct.
        let ports = try PortAllocator().allocate(2)
        self.port = ports[0]
        self.adminPort = ports[1]
        self.logFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(executable)-\(port)-\(UUID().uuidString.prefix(8)).log")
        var environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "TILL_REDIS_URL": redisURL,
            "TILL_LISTEN": "127.0.0.1:\(port)",
            "TILL_ADMIN_LISTEN": "127.0.0.1:\(adminPort)",
            "TILL_CLUSTER_KEY": Self.testClusterKey,
            "TILL_LOG_FORMAT": "json",
            "TILL_LOG_LEVEL": "info",
        ]
        environment.merge(overrides) { _, override in override }
        self.environment = environment
    }

    private func launch() throws {
        try process.start(
            executable: try Executables.locateProduct(executable),
            arguments: [],
            environment: environment,
            output: logFile
        )
    }

    /// The process id, while it runs.
    public var pid: Int32? { process.pid }
    public var isRunning: Bool { process.isRunning }

    /// Sends `signal` (SIGTERM for a graceful stop, SIGKILL for a crash).
    public func signal(_ signal: Int32) { process.signal(signal) }

    /// Kills the process outright.
    public func kill() { process.signal(SIGKILL) }

    /// Waits for the process to exit and returns its status.
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await process.waitForExit(timeout: timeout)
    }

    /// Everything the process logged so far, over every restart.
    public func log() -> String {
        let earlier = (0..<restarts.withLock { $0 }).map { earlierLog($0 + 1) }
        return (earlier + [logFile]).map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }.joined()
    }

    /// Starts the process again, on the same ports with the same environment, after it exited
    /// (a crash test's `kill()` + `waitForExit()`, or a graceful stop), and waits until it is ready.
    ///
    /// A few attempts: the old process's listening socket may still be held for a moment by the
    /// kernel, and the new one then exits at start-up with a bind error.
    public func restart(timeout: Duration = .seconds(30)) async throws {
        guard !process.isRunning else { throw TestSupportError("\(executable) still runs; stop it before restart()") }
        var lastError: (any Error)?
        for _ in 0..<5 {
            let generation = restarts.withLock { count in
                count += 1
                return count
            }
            // The spawner truncates the log file: keep the earlier run's log under its own name.
            try? FileManager.default.moveItem(at: logFile, to: earlierLog(generation))
            do {
                try launch()
                try await waitUntilReady(timeout: timeout)
                return
            } catch {
                lastError = error
                process.signal(SIGKILL)
                _ = try? await process.waitForExit(timeout: .seconds(10))
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw lastError ?? TestSupportError("\(executable) did not restart")
    }

    private func earlierLog(_ generation: Int) -> URL {
        logFile.appendingPathExtension(String(generation))
    }

    /// Polls `/readyz` until it answers 200.
    public func waitUntilReady(timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw TestSupportError("\(executable) exited during start-up:\n\(log().suffix(2_000))")
            }
            if let response = try? await RawHTTP.send("GET", "/readyz", port: adminPort, timeout: .seconds(2)), response.status == 200 {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("\(executable) was not ready within \(timeout):\n\(log().suffix(2_000))")
    }

    deinit {
        process.signal(SIGKILL)
        try? FileManager.default.removeItem(at: logFile)
        for generation in 0..<restarts.withLock({ $0 }) {
            try? FileManager.default.removeItem(at: earlierLog(generation + 1))
        }
    }
}
