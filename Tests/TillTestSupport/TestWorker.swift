import Foundation

/// `till-test-worker` running as a second OS process, for tests of state shared through Redis by
/// several processes (idempotency, circuit breaker, rate limit).
///
/// A worker given `--barrier <name>` connects, announces itself by incrementing `<name>:ready` in
/// Redis, and waits until `<name>:go` exists before it makes its calls, so that the test can make
/// its own calls at the same moment.
public final class TestWorker: Sendable {
    private let process = LockedProcess()
    private let output: URL

    /// Starts the worker with `arguments` (`<scenario> --redis-url … --calls …`).
    public init(arguments: [String]) throws {
        output = FileManager.default.temporaryDirectory
            .appendingPathComponent("till-test-worker-\(UUID().uuidString.prefix(8)).log")
        try process.start(executable: try Executables.locateProduct("till-test-worker"), arguments: arguments, output: output)
    }

    /// Waits for the worker to exit and returns its report.
    public func report(timeout: Duration = .seconds(60)) async throws -> WorkerReport {
        let status = try await process.waitForExit(timeout: timeout)
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard status == 0, let line = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            throw TestSupportError("till-test-worker exited with status \(status):\n\(text.suffix(2_000))")
        }
        return try JSONDecoder().decode(WorkerReport.self, from: Data(line.utf8))
    }

    deinit {
        process.signal(SIGKILL)
        try? FileManager.default.removeItem(at: output)
    }
}
