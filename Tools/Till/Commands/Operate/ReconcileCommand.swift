import ArgumentParser
import Foundation
import TillAPI
import TillClients
import TillWire

/// `till reconcile`: compares the payments ledger with the gateway's settlement report for a window.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare Till's payments with the gateway's report for a time window.",
        discussion: """
            The window is [since, until), at most 31 days. Times are Unix seconds, ISO 8601 \
            (2026-11-22 or 2026-11-22T06:00:00Z), `now`, or relative to now (-24h, -7d, -30m). \
            Exits 0 when everything matched, 1 when there are discrepancies.
            """
    )

    @OptionGroup var client: ClientOptions

    // Unconditional: `-24h` is a value here, not an option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Start of the window (inclusive).", valueName: "time"))
    var since: String

    @Option(parsing: .unconditional, help: ArgumentHelp("End of the window (exclusive).", valueName: "time"))
    var until = "now"

    @Flag(help: "Print the result (every discrepancy, all pages) as JSON.")
    var json = false

    func run() async throws {
        try await CommandReport.run("reconcile") { console throws(TillError) in
            let now = Int64(Date().timeIntervalSince1970)
            let since = try TimeArgument.unixSeconds(self.since, now: now, option: "--since")
            let until = try TimeArgument.unixSeconds(self.until, now: now, option: "--until")
            guard since < until else { throw TillError(.usage, "--since must be before --until") }
            let settings = try self.client.settings(environment: ProcessInfo.processInfo.environment)
            let result = try await ServiceCall.run(.payments, settings: settings) { rpc throws(RPCError) in
                let payments = PaymentsClient(rpc: rpc)
                var first = try await payments.reconcile(ReconcileParams(since: since, until: until, limit: 1000))
                var cursor = first.cursor
                while let next = cursor {
                    let page = try await payments.reconcile(ReconcileParams(since: since, until: until, limit: 1000, cursor: next))
                    first.discrepancies += page.discrepancies
                    cursor = page.cursor
                }
                first.cursor = nil
                return first
            }
            if self.json {
                console.line(try CommandReport.json(result))
            } else {
                console.line("window \(SagaTimeline.timestamp(since)) to \(SagaTimeline.timestamp(until)): \(result.summary)")
                for discrepancy in result.discrepancies {
                    console.line("  " + Self.describe(discrepancy))
                }
            }
            guard result.discrepancies.isEmpty && result.matched == result.total else {
                throw TillError(.rejected, "\(result.total - result.matched) of \(result.total) payments do not match")
            }
        }
    }

    /// `amount_mismatch  pay_1  till 19.99 USD captured  gateway 20.00 USD captured`.
    static func describe(_ discrepancy: DiscrepancyReport) -> String {
        func side(_ row: SettlementRow?) -> String {
            guard let row else { return "none" }
            return "\(MoneyText.format(row.amount, currency: row.currency)) \(row.state)"
        }
        return "\(discrepancy.type)  \(discrepancy.paymentID)  till \(side(discrepancy.internal))  gateway \(side(discrepancy.gateway))"
    }
}
