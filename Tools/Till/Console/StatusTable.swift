/// `till status`'s table: one row per process, whitespace-separated columns (the first four
/// never contain spaces, so scripts can split them), then the reasons for anything unhealthy.
///
/// ```
/// NAME          PID    STATE    HEALTH     ADDRESSES
/// redis         81234  running  ready      redis 127.0.0.1:40001
/// inventory-1   81240  running  ready      listen 127.0.0.1:40003, admin 127.0.0.1:40004
/// payments-1    81241  exited   down       listen 127.0.0.1:40005, admin …
/// ```
struct StatusTable: Sendable, Hashable {
    /// One process's row.
    struct Row: Sendable, Hashable {
        var name: String
        var pid: Int32
        /// Whether the process is running.
        var running: Bool
        /// The readiness verdict (nil when the process is not running).
        var health: ReadinessProbe.Verdict?
        var ports: [PlannedProcess.Port]

        /// `ready`, `not-ready` or `down`.
        var healthWord: String {
            switch self.health {
            case .ready: "ready"
            case .notReady: "not-ready"
            case nil: "down"
            }
        }

        /// Whether the process is running and ready.
        var isHealthy: Bool { self.running && self.health == .ready }
    }

    var rows: [Row]

    /// Whether every process is running and ready.
    var isHealthy: Bool { self.rows.allSatisfy(\.isHealthy) }

    /// The table's lines.
    var lines: [String] {
        let header = ["NAME", "PID", "STATE", "HEALTH", "ADDRESSES"]
        let cells = self.rows.map { row in
            [
                row.name, String(row.pid), row.running ? "running" : "exited", row.healthWord,
                row.ports.map { "\($0.purpose) \($0.address)" }.joined(separator: ", "),
            ]
        }
        let widths = (0..<4).map { column in ([header] + cells).map { $0[column].count }.max() ?? 0 }
        var lines = ([header] + cells).map { cell in
            (0..<4).map { cell[$0].padding(to: widths[$0]) }.joined(separator: "  ") + "  " + cell[4]
        }
        for row in self.rows {
            if case .notReady(let reason) = row.health {
                lines.append("\(row.name): \(reason)")
            }
        }
        return lines
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - self.count))
    }
}
