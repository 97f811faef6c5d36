import ArgumentParser
import Logging
import TillRedis

/// `till-bench redis`: Till's Redis client doing `SET` vs `redis-benchmark -t set`.
struct RedisBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redis",
        abstract: "SET through Till's Redis client; compare with redis-benchmark -t set."
    )

    @OptionGroup var options: BenchOptions

    func run() async throws {
        let stack = try await LocalStack.start(service: nil)
        let client = RedisClient(configuration: try RedisConfiguration(url: stack.redisURL), logger: Logger(label: "till-bench"))

        Report.header("Redis SET (TillRedis, pool of 2, pipelined) vs redis-benchmark -t set")
        let value = String(repeating: "x", count: 3)
        _ = await ClosedLoop.run(concurrency: 16, total: 20_000) { index in
            _ = try await client.send("SET", "key:\(index % 10_000)", value)
        }
        for level in try options.levels {
            let total = options.requests(at: level)
            let before = client.commandsSent
            let result = await ClosedLoop.run(concurrency: level, total: total) { index in
                _ = try await client.send("SET", "key:\(index % 10_000)", value)
            }
            let reference = try await RedisBenchmarkTool.requestsPerSecond(
                test: "set", clients: level, requests: max(total, 20_000), port: stack.redisPort
            )
            Report.line(level: level, result: result, reference: reference)
            if client.commandsSent - before != UInt64(total) {
                Report.emit("   note: \(client.commandsSent - before) commands counted for \(total) SETs")
            }
        }
        await client.shutdown()
        await stack.stop()
    }
}
