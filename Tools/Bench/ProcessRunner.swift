import Foundation
import TillProcess

/// Child processes the benchmark starts: `redis-server`, `redis-benchmark` and Till's services.
enum ProcessRunner {
    /// Runs a program to completion and returns its standard output.
    static func output(of program: String, arguments: [String]) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-\(UUID().uuidString).out")
        defer { try? FileManager.default.removeItem(at: file) }
        let process = try SpawnedProcess(
            executable: try locate(program).path,
            arguments: arguments,
            environment: ProcessInfo.processInfo.environment,
            output: file.path
        )
        let status = try await process.waitForExit(timeout: .seconds(600))
        guard status == 0 else {
            process.signal(SIGKILL)
            throw BenchError("\(program) exited with status \(status.map(String.init) ?? "none (timed out)")")
        }
        return try String(contentsOf: file, encoding: .utf8)
    }

    /// Finds `program` next to this executable (Till's own products) or on `PATH`.
    static func locate(_ program: String) throws -> URL {
        do {
            return try ExecutableLocator.current(environment: ProcessInfo.processInfo.environment).productOrSystem(
                program, hint: "build Till in release first; apt-get install redis-tools redis-server"
            )
        } catch {
            throw BenchError(error.description)
        }
    }

    /// Resident set size of a process in bytes, from `/proc/<pid>/status` (`VmHWM:` for the peak).
    static func residentBytes(pid: Int32, field: String = "VmRSS:") -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}
