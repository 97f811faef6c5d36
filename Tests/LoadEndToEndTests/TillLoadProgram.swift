import Foundation
import TillProcess
import TillTestSupport

/// Runs the built `till-load` executable as a user would, output captured in files.
enum TillLoadProgram {
    struct Run: CustomStringConvertible {
        var status: Int32?
        var output: String

        var description: String { "status \(self.status.map(String.init) ?? "none (timed out)")\n\(self.output)" }
    }

    /// Runs `till-load arguments` with the test's environment minus every `TILL_*` variable, plus `environment`.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Duration = .seconds(120)) async throws -> Run {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("till-load-\(UUID().uuidString.prefix(8)).log")
        defer { try? FileManager.default.removeItem(at: log) }
        var variables = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TILL_") }
        variables.merge(environment) { _, given in given }
        let process = try SpawnedProcess(
            executable: try Executables.locateProduct("till-load").path, arguments: arguments, environment: variables, output: log.path
        )
        let status = try await process.waitForExit(timeout: timeout)
        if status == nil { process.signal(SIGKILL) }
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return Run(status: status, output: output)
    }
}

/// A temporary folder removed by the test.
struct ScratchFolder {
    let url: URL

    init() throws {
        self.url = FileManager.default.temporaryDirectory.appendingPathComponent("till-load-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: self.url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { self.url.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: self.url) }
}
