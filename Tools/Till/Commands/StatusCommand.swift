import ArgumentParser
import Foundation

/// `till status`: each process of the stack, its health and pid.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each process of the stack, its health and pid.",
        discussion: "Exits 0 when every process is running and ready, 1 otherwise (or when no stack is recorded)."
    )

    @OptionGroup var stack: StackOptions

    func run() async throws {
        let console = Console()
        let layout = self.stack.layout
        let record: StackRecord
        do throws(TillError) {
            guard let found = try StackRecord.read(from: layout.recordFile) else {
                throw TillError(.noStack, "no stack recorded in \(layout.root.path) (start one with: till up)")
            }
            record = found
        } catch {
            console.report(error, command: "status")
            throw ExitCode.failure
        }

        let table = await Self.table(for: record, probe: ReadinessProbe())
        console.line(Self.heading(for: record, layout: layout))
        for line in table.lines {
            console.line(line)
        }
        guard table.isHealthy else { throw ExitCode.failure }
    }

    /// Every process checked at once.
    static func table(for record: StackRecord, probe: ReadinessProbe) async -> StatusTable {
        let rows = await withTaskGroup(of: (Int, StatusTable.Row).self) { group in
            for (index, process) in record.processes.enumerated() {
                group.addTask {
                    let running = process.process.isAlive
                    let health = running ? await probe.check(process.health) : nil
                    return (
                        index,
                        StatusTable.Row(
                            name: process.name,
                            pid: process.process.pid,
                            running: running,
                            health: health,
                            ports: process.ports
                        )
                    )
                }
            }
            var rows: [(Int, StatusTable.Row)] = []
            for await row in group {
                rows.append(row)
            }
            return rows.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return StatusTable(rows: rows)
    }

    private static func heading(for record: StackRecord, layout: StackLayout) -> String {
        let mode = record.supervisor.detached ? "detached" : "foreground till up pid \(record.supervisor.process.pid)"
        let phase: String =
            switch record.phase {
            case .ready: "ready since \(record.readyAt.map { $0.formatted(.iso8601) } ?? "?")"
            case .starting: "starting since \(record.startedAt.formatted(.iso8601))"
            }
        let redis = record.redisIsPrivate ? "" : ", redis \(record.redis) (external)"
        return "stack in \(layout.root.path): \(phase) (\(mode))\(redis)"
    }
}
