import Foundation

/// Why a start attempt failed: one problem per process that did not get ready.
struct LaunchFailure: Error, Sendable {
    /// What went wrong with one process.
    enum Problem: Sendable, Hashable {
        /// Another program holds one of its ports.
        case portTaken(PlannedProcess.Port)
        /// It could not bind a port, which another program held for a moment (already released).
        case bindFailed(logTail: [String])
        /// It exited before it was ready; the last lines of its log.
        case exited(ChildProcess.Status, logTail: [String])
        /// It kept failing its readiness check.
        case notReady(String)
    }

    /// One process and its problem.
    struct Report: Sendable, Hashable {
        var process: PlannedProcess
        var problem: Problem
    }

    /// The lines of a log shown for a process that exited.
    static let logTailLines = 8

    /// Every failing process, in start order.
    var reports: [Report]
    /// How long readiness was waited for, for the message.
    var readinessTimeout: Duration

    /// Whether retrying with fresh ports may help: some process lost a port to another program.
    var isPortConflict: Bool {
        self.reports.contains {
            switch $0.problem {
            case .portTaken, .bindFailed: true
            case .exited, .notReady: false
            }
        }
    }

    /// The error shown to the operator: one line per process (plus its log's last lines when it
    /// exited).
    var error: TillError {
        var lines: [String] = []
        for report in self.reports {
            lines += Self.lines(for: report, readinessTimeout: self.readinessTimeout)
        }
        return TillError(self.isPortConflict ? .portTaken : .notReady, lines.joined(separator: "\n"))
    }

    static func lines(for report: Report, readinessTimeout: Duration) -> [String] {
        let name = report.process.name
        switch report.problem {
        case .portTaken(let port):
            return ["\(name): port \(port.address) (\(port.purpose)) is taken by another process"]
        case .bindFailed(let tail):
            return ["\(name): a port it was given was taken by another process while it started"] + tail.map { "    \($0)" }
        case .exited(let status, let tail):
            let head = "\(name): \(status) before it was ready"
            guard !tail.isEmpty else { return [head + " (its log \(report.process.logFile.path) is empty)"] }
            return [head + "; last lines of \(report.process.logFile.path):"] + tail.map { "    \($0)" }
        case .notReady(let reason):
            return ["\(name): not ready after \(StatusLine.formatUptime(readinessTimeout)): \(reason)"]
        }
    }
}
