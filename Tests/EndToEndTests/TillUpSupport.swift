import TillProcess
import Foundation
import Synchronization
import TillTestSupport

@testable import TillCLI

/// Runs the built `till` executable the way an operator would, for the end-to-end tests.
enum TillProgram {
    /// What one run printed and how it ended.
    struct Run: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String { "status \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// Runs `till arguments` with the test's environment minus every `TILL_*` variable (so a
    /// developer's shell cannot change the outcome) plus `environment`.
    ///
    /// Output goes to files, not pipes: a detached stack's processes outlive `till`, and a pipe
    /// end they might hold would keep a reader waiting for EOF.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        timeout: Duration = .seconds(120)
    ) async throws -> Run {
        let started = try self.start(arguments, environment: environment)
        return try await started.finish(timeout: timeout)
    }

    /// Starts `till arguments` without waiting (a foreground `till up`).
    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> Started {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("till-run-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stdout = folder.appendingPathComponent("stdout")
        let stderr = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TILL_") }
        variables.merge(environment) { _, given in given }
        // Spawned like the stack's own processes: a clean signal mask, whatever this thread has.
        let pid = try ProcessSpawner.spawn(
            executable: try Executables.locateProduct("till").path,
            arguments: arguments,
            environment: variables,
            output: stdout.path,
            errors: stderr.path
        )
        return Started(pid: pid, stdout: stdout, stderr: stderr, folder: folder)
    }

    /// A `till` that is running.
    final class Started: Sendable {
        /// The pid of `till`.
        let pid: pid_t
        let stdout: URL
        let stderr: URL
        let folder: URL
        private let exit = Mutex<Int32?>(nil)

        init(pid: pid_t, stdout: URL, stderr: URL, folder: URL) {
            self.pid = pid
            self.stdout = stdout
            self.stderr = stderr
            self.folder = folder
        }

        /// Sends `signal` to `till` unless it has exited.
        func signal(_ signal: Int32) {
            self.exit.withLock { status in
                if status == nil { kill(self.pid, signal) }
            }
        }

        /// Its exit status once it has exited (collecting it).
        private var exitStatus: Int32? {
            self.exit.withLock { status in
                if status == nil {
                    var raw: Int32 = 0
                    if waitpid(self.pid, &raw, WNOHANG) == self.pid {
                        status = raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                    }
                }
                return status
            }
        }

        /// Waits until it exits and returns what it printed.
        func finish(timeout: Duration) async throws -> Run {
            let deadline = ContinuousClock.now + timeout
            var status: Int32?
            while status == nil {
                status = self.exitStatus
                guard status == nil else { break }
                guard ContinuousClock.now < deadline else {
                    self.signal(SIGKILL)
                    throw TestSupportError("till \(self.pid) still running after \(timeout); killed. Output:\n\(self.output)")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            defer { try? FileManager.default.removeItem(at: self.folder) }
            return Run(
                status: status ?? -1,
                stdout: (try? String(contentsOf: self.stdout, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOf: self.stderr, encoding: .utf8)) ?? ""
            )
        }

        /// What it printed so far on standard output.
        var output: String { (try? String(contentsOf: self.stdout, encoding: .utf8)) ?? "" }
    }
}

/// A temporary stack directory, removed at the end of a test.
struct TemporaryFolder: Sendable {
    let url: URL

    init(_ prefix: String = "till-test") throws {
        self.url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
    }

    var path: String { self.url.path }

    func remove() {
        try? FileManager.default.removeItem(at: self.url)
    }
}

/// Processes on this machine whose command line mentions `text` (Linux `/proc`).
func processes(mentioning text: String) -> [Int32] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    var found: [Int32] = []
    for entry in entries {
        guard let pid = Int32(entry), pid != getpid(),
            let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty
        else { continue }
        let commandLine = String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        guard commandLine.contains(text) else { continue }
        if let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].hasPrefix(" Z")
        {
            continue  // a zombie has exited; only its parent has not collected it yet
        }
        found.append(pid)
    }
    return found
}

extension StackLayout {
    /// SIGKILLs whatever a detached stack in this layout still runs: the clean-up of a test that
    /// failed before its `till down`.
    func killLeftovers() {
        guard let record = try? StackRecord.read(from: recordFile) else { return }
        for process in record.processes where process.process.isAlive {
            kill(process.leadsProcessGroup ? -process.process.pid : process.process.pid, SIGKILL)
        }
    }
}
