import ArgumentParser
import Foundation
import Logging
import TillLoad

/// `till-load`: drives a running Till stack with checkouts (or pings), measures honestly, audits
/// the invariants afterwards and writes JSON and HTML reports.
@main
struct TillLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till-load",
        abstract: "Load-test a running Till stack: open or closed loop, honest latency, invariant audit, HTML report.",
        discussion: """
            Reads the stack's addresses and cluster key from .till/stack.env (written by `till up`) unless
            flags or TILL_* variables say otherwise. Every run stops by itself. Exit status 1 when the
            audit finds a violated invariant.

            Examples:
              till-load --rate 500 --duration 30s --warmup 5s --mix realistic --out results.json
              till-load --rate 100..2000 --step 100 --step-duration 10s --slo-p99 100ms
              till-load --method ping --rate 20000 --duration 10s
            """
    )

    @OptionGroup(title: "Stack") var connection: ConnectionOptions
    @OptionGroup(title: "Load") var load: LoadOptions
    @OptionGroup(title: "Workload") var workload: WorkloadOptions

    @Option(help: "Write the results as JSON here.")
    var out: String?

    @Option(help: "Write the HTML report here (default: next to --out, with .html).")
    var html: String?

    @Flag(inversion: .prefixedNo, help: "Check the invariants after the run (checkout only).")
    var audit = true

    @Option(help: "How long the audit waits for running sagas to finish.")
    var drain = "60s"

    @Option(name: .customLong("log-level"), help: "Log level of the client's own logs (stderr).")
    var logLevel = "warning"

    func validate() throws {
        _ = try self.load.plan()
        _ = try self.load.requestDeadline()
        _ = try LoadOptions.duration(self.drain, "--drain")
    }

    func run() async throws {
        let level = Logger.Level(rawValue: self.logLevel) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let settings: StackSettings
        do {
            settings = try StackSettings.resolve(self.connection)
        } catch {
            throw ValidationError(error.description)
        }
        let session = LoadSession(
            command: self, settings: settings, plan: try self.load.plan(),
            deadline: try self.load.requestDeadline(), drain: try LoadOptions.duration(self.drain, "--drain")
        )
        let passed = try await session.run()
        if !passed { throw ExitCode(1) }
    }
}
