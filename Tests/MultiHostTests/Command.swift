import Foundation
import TillProcess
import TillTestSupport

/// A short system command (`ip`, `tc`, `redis-cli`) run to completion, its output captured.
enum Command {
    struct Result {
        var status: Int32?
        var output: String
        var succeeded: Bool { status == 0 }
    }

    /// Runs `program arguments` (found on PATH or in the sbin folders) and waits at most `timeout`.
    static func run(_ program: String, _ arguments: [String], timeout: Duration = .seconds(10)) async throws -> Result {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("till-cmd-\(UUID().uuidString.prefix(8)).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let process = try SpawnedProcess(
            executable: try Executables.locateSystem(program).path,
            arguments: arguments,
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"],
            output: log.path
        )
        let status = try await process.waitForExit(timeout: timeout)
        if status == nil { process.signal(SIGKILL) }
        return Result(status: status, output: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Runs `program arguments` and throws with its output unless it succeeds.
    @discardableResult
    static func require(_ program: String, _ arguments: [String]) async throws -> String {
        let result = try await run(program, arguments)
        guard result.succeeded else {
            throw TestSupportError("\(program) \(arguments.joined(separator: " ")) failed (\(result.status.map(String.init) ?? "timeout")): \(result.output)")
        }
        return result.output
    }
}
