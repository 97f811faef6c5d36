import Foundation
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

    /// Everything the process logged so far.
    public func log() -> String {
        (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
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
    }
}
