import ArgumentParser
import Logging
import TillPayments
import TillRedis
import TillWire

/// `till-bench idempotency`: the idempotent wrapper around a no-op handler, on a real Redis.
struct IdempotencyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idempotency",
        abstract: "First calls and replays through IdempotentExecutor at 64 in flight; Redis commands per call."
    )

    @Option(help: "Calls per phase.")
    var calls: Int = 100_000

    @Option(help: "Calls in flight.")
    var concurrency: Int = 64

    func run() async throws {
        let stack = try await LocalStack.start(service: nil)
        let redis = RedisClient(configuration: try RedisConfiguration(url: stack.redisURL), logger: Logger(label: "till-bench"))
        let executor = IdempotentExecutor(
            store: RedisIdempotencyStore(redis: redis, logger: Logger(label: "till-bench")),
            instance: "bench",
            logger: Logger(label: "till-bench")
        )
        let result: JSONValue = ["ok": true]
        let call: @Sendable (Int) async throws -> Void = { index in
            _ = try await executor.run(service: "bench", method: "bench.noop", key: "key-\(index)", paramsHash: "h") { result }
        }
        _ = await ClosedLoop.run(concurrency: concurrency, total: 10_000) { try await call(1_000_000_000 + $0) }

        Report.emit("\n== IdempotentExecutor around a no-op handler (RedisIdempotencyStore), \(concurrency) in flight")
        for phase in ["first calls", "replays"] {
            let before = redis.commandsSent
            let measured = await ClosedLoop.run(concurrency: concurrency, total: calls, operation: call)
            let perCall = Double(redis.commandsSent - before) / Double(max(measured.completed, 1))
            Report.emit(
                "\(phase): \(Report.format(measured.requestsPerSecond)) calls/s, p50 \(Report.format(measured.percentileMicros(50))) µs, "
                    + "p99 \(Report.format(measured.percentileMicros(99))) µs, \(Report.format(perCall, decimals: 2)) Redis commands per call"
                    + (measured.failed > 0 ? " (\(measured.failed) failed)" : "")
            )
        }
        await redis.shutdown()
        await stack.stop()
    }
}
