import Foundation
import ArgumentParser

/// `till-bench`: measures Till against the reference `redis-benchmark` in the same run, and
/// prints the ratios (the machine is shared and noisy, so only same-run ratios mean much).
@main
struct TillBench: AsyncParsableCommand {

    static let configuration = CommandConfiguration(
        commandName: "till-bench",
        abstract: "Benchmarks Till's RPC layer and Redis client against redis-benchmark.",
        discussion: "Build in release first: swift build -c release; then swift run -c release till-bench rpc",
        subcommands: [
            RPCBenchmark.self, RedisBenchmark.self, MemoryBenchmark.self,
            IdempotencyBenchmark.self, RedactionBenchmark.self, ReconciliationBenchmark.self, ReserveBenchmark.self,
            AuthorizeBenchmark.self, WebhookBenchmark.self,
        ]
    )
}

/// Options every mode shares.
struct BenchOptions: ParsableArguments {
    @Option(help: "Requests in flight to measure at, comma-separated.")
    var concurrency: String = "1,16,64"

    @Option(help: "Requests per concurrency level (scaled down for 1 in flight).")
    var requests: Int = 200_000

    var levels: [Int] {
        get throws {
            let levels = concurrency.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !levels.isEmpty, levels.allSatisfy({ $0 > 0 }) else {
                throw ValidationError("--concurrency: expected positive integers like 1,16,64, got \"\(concurrency)\"")
            }
            return levels
        }
    }

    /// Fewer requests at low concurrency, so every level takes a similar time.
    func requests(at level: Int) -> Int {
        let scaled = level >= 16 ? requests : requests * max(level, 1) / 16
        return max(scaled - scaled % level, level * 100)
    }
}
