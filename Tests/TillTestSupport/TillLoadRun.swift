import Foundation
import TillProcess

/// The real `till-load` executable run by a test in the background, against a stack described by
/// a `stack.env` file (as `till up` writes it), so the test can inject faults while it loads.
public final class TillLoadRun: Sendable {
    /// Where its standard output and error go.
    public let logFile: URL
    /// Its `--out` results.
    public let resultsFile: URL
    private let process: SpawnedProcess

    /// Writes `stackEnvironment` to `folder/stack.env` and starts `till-load --stack-env … --out …`
    /// with `arguments`; the test's own `TILL_*` variables are removed so that only the file counts.
    public init(arguments: [String], stackEnvironment: [String: String], folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stackEnv = folder.appendingPathComponent("stack.env")
        let lines = stackEnvironment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        try (["# written by the test, as `till up` does"] + lines).joined(separator: "\n").write(to: stackEnv, atomically: true, encoding: .utf8)
        logFile = folder.appendingPathComponent("till-load.log")
        resultsFile = folder.appendingPathComponent("results.json")
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TILL_") }
        process = try SpawnedProcess(
            executable: try Executables.locateProduct("till-load").path,
            arguments: ["--stack-env", stackEnv.path, "--out", resultsFile.path] + arguments,
            environment: environment,
            output: logFile.path
        )
    }

    /// Whether it still runs.
    public var isRunning: Bool { process.isRunning }

    /// Waits for it to finish and reads its results; kills it after `timeout`.
    public func finish(timeout: Duration) async throws -> TillLoadResults {
        guard let status = try await process.waitForExit(timeout: timeout) else {
            process.signal(SIGKILL)
            throw TestSupportError("till-load did not finish within \(timeout):\n\(log().suffix(3_000))")
        }
        return try TillLoadResults(status: status, json: Data(contentsOf: resultsFile), log: log())
    }

    /// Kills it (a test that failed before waiting).
    public func kill() { process.signal(SIGKILL) }

    /// Everything it printed so far.
    public func log() -> String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    deinit { process.signal(SIGKILL) }
}

/// What a test needs of `till-load`'s `results.json` (docs/LOAD.md): calls, answers by saga
/// state, errors by code and the audit's verdicts.
public struct TillLoadResults: Sendable, CustomStringConvertible {
    /// One audit verdict.
    public struct Verdict: Sendable {
        public var invariant: String
        public var status: String
        public var detail: String
    }

    /// Its exit status (1 when the audit failed).
    public var status: Int32
    public var sent: Int
    public var succeeded: Int
    public var failed: Int
    /// Answers by saga state (`completed`, `compensated`, …, and `error`).
    public var outcomes: [String: Int]
    /// Failed calls by wire error code.
    public var errors: [String: Int]
    public var verdicts: [Verdict]
    /// The text summary and progress lines it printed.
    public var log: String

    /// Whether there is an audit and no verdict of it failed. A `skipped` verdict is not a failure
    /// (till-load's own rule): the gateway check is skipped when the simulator's report cannot be
    /// read, e.g. under an injected error rate, which applies to the report too.
    public var auditPassed: Bool { !verdicts.isEmpty && verdicts.allSatisfy { $0.status != "fail" } }

    /// Parses `results.json`.
    public init(status: Int32, json: Data, log: String) throws {
        guard let object = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw TestSupportError("results.json is not a JSON object")
        }
        self.status = status
        self.sent = object["sent"] as? Int ?? 0
        self.succeeded = object["succeeded"] as? Int ?? 0
        self.failed = object["failed"] as? Int ?? 0
        self.outcomes = object["outcomes"] as? [String: Int] ?? [:]
        self.errors = object["errors"] as? [String: Int] ?? [:]
        let verdicts = (object["audit"] as? [String: Any])?["verdicts"] as? [[String: Any]] ?? []
        self.verdicts = verdicts.map {
            Verdict(invariant: $0["invariant"] as? String ?? "?", status: $0["status"] as? String ?? "?", detail: $0["detail"] as? String ?? "")
        }
        self.log = log
    }

    public var description: String {
        let audit = verdicts.map { "  \($0.status.uppercased()) \($0.invariant): \($0.detail)" }.joined(separator: "\n")
        return "till-load exit \(status): sent \(sent), succeeded \(succeeded), failed \(failed), outcomes \(outcomes), errors \(errors)\n\(audit)\n\(log.suffix(2_000))"
    }
}
