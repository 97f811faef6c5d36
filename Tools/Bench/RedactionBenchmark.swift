import ArgumentParser
import TillObservability

/// `till-bench redact`: the PCI redactor on a 200-byte log line.
struct RedactionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redact",
        abstract: "Median time to redact a 200-byte log line (a card number, a CVV, an e-mail, an IP)."
    )

    @Option(help: "Batches; each batch times 1,000 redactions and the median batch is reported.")
    var batches: Int = 2_000

    static let line = "checkout failed for order ord_20261123_000042 customer bob@example.com from 203.0.113.77: "
        + "card 4111 1111 1111 1111 exp 12/29 cvv: 123 declined by issuer, retry 2 of 3, amount 4999 USD via web checkout"

    func run() async throws {
        let redactor = Redactor()
        let clock = ContinuousClock()
        var batchNanoseconds: [Int64] = []
        var checksum = 0
        for _ in 0..<batches {
            let start = clock.now
            for _ in 0..<1_000 { checksum &+= redactor.redact(Self.line).utf8.count }
            batchNanoseconds.append((clock.now - start).nanoseconds / 1_000)
        }
        batchNanoseconds.sort()
        let median = Double(batchNanoseconds[batchNanoseconds.count / 2]) / 1_000
        let p99 = Double(batchNanoseconds[batchNanoseconds.count * 99 / 100]) / 1_000
        Report.emit("\n== Redactor on a \(Self.line.utf8.count)-byte line")
        Report.emit("median \(Report.format(median, decimals: 3)) µs per line, p99 of batches \(Report.format(p99, decimals: 3)) µs (checksum \(checksum % 997))")
        Report.emit("before: \(Self.line)")
        Report.emit("after:  \(redactor.redact(Self.line))")
    }
}
