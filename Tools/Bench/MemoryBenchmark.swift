import ArgumentParser
import TillWire

/// `till-bench rss`: a service's idle resident memory, and whether it grows over many pings.
struct MemoryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rss",
        abstract: "Idle RSS of till-inventory, and its RSS growth over a million pings."
    )

    @Option(help: "Pings after the warm-up.")
    var pings: Int = 1_000_000

    @Option(help: "Warm-up pings before the baseline is taken.")
    var warmup: Int = 100_000

    func run() async throws {
        let stack = try await LocalStack.start(service: "till-inventory")
        guard let pid = stack.servicePID else { throw BenchError("till-inventory did not start") }
        try await Task.sleep(for: .seconds(1))
        let idle = ProcessRunner.residentBytes(pid: pid) ?? 0

        let client = RPCBenchClient.make(port: stack.servicePort, key: LocalStack.clusterKey, connections: 2)
        _ = await ClosedLoop.run(concurrency: 64, total: warmup) { _ in try await RPCBenchClient.ping(client) }
        let baseline = ProcessRunner.residentBytes(pid: pid) ?? 0
        let result = await ClosedLoop.run(concurrency: 64, total: pings) { _ in try await RPCBenchClient.ping(client) }
        let after = ProcessRunner.residentBytes(pid: pid) ?? 0
        await client.shutdown()
        await stack.stop()

        let mebibyte = Double(1 << 20)
        Report.emit("\n== RSS of till-inventory (pid \(pid))")
        Report.emit("idle after start:          \(Report.format(Double(idle) / mebibyte, decimals: 1)) MiB")
        Report.emit("after \(warmup) warm-up pings:  \(Report.format(Double(baseline) / mebibyte, decimals: 1)) MiB")
        Report.emit("after \(result.completed) more pings: \(Report.format(Double(after) / mebibyte, decimals: 1)) MiB"
            + " (growth \(Report.format((Double(after) / Double(max(baseline, 1)) - 1) * 100, decimals: 1)) %, \(result.failed) failed)")
    }
}
