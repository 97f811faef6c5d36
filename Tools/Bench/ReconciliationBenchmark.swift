import ArgumentParser
import Foundation
import TillPayments

/// `till-bench reconcile`: 1,000,000 ledger records against 1,000,000 report rows.
struct ReconciliationBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile N internal records against N gateway rows (sorted by id); time and peak RSS."
    )

    @Option(help: "Records per side.")
    var records: Int = 1_000_000

    func run() async throws {
        guard let usd = Currency("USD") else { throw BenchError("no USD in the currency table") }
        let window = ReconciliationWindow(since: 1_700_000_000, until: 1_700_086_400)
        let clock = ContinuousClock()
        let built = clock.now
        var ledger: [ReconciliationRecord] = []
        var report: [ReconciliationRecord] = []
        ledger.reserveCapacity(records)
        report.reserveCapacity(records)
        for index in 0..<records {
            guard let id = CompactID("pay_\(String(index + 10_000_000))") else { throw BenchError("bad id") }
            let time = 1_700_000_000 + Int64(index % 86_400)
            let record = ReconciliationRecord(paymentID: id, amount: 4_999, currency: usd, state: .captured, eventTime: time)
            // Every 1,000th row drifts: a different amount at the gateway.
            var gateway = record
            if index % 1_000 == 0 { gateway = ReconciliationRecord(paymentID: id, amount: 5_000, currency: usd, state: .captured, eventTime: time) }
            ledger.append(record)
            report.append(gateway)
        }
        let start = clock.now
        let result = try await Reconciler(window: window).reconcile(internal: ledger, gateway: report)
        let elapsed = clock.now - start
        let rss = ProcessRunner.residentBytes(pid: ProcessInfo.processInfo.processIdentifier, field: "VmHWM:") ?? 0
        Report.emit("\n== Reconciler, \(records) vs \(records) records")
        Report.emit("inputs built in \(Report.format((start - built).seconds, decimals: 2)) s; reconciled in \(Report.format(elapsed.seconds, decimals: 3)) s")
        Report.emit("peak RSS (inputs included): \(Report.format(Double(rss) / Double(1 << 20), decimals: 1)) MiB")
        Report.emit(result.summary)
    }
}
