import Foundation
import Testing
import TillRedis
import TillTestSupport

/// `SET` throughput with 64 concurrent callers, the figure compared with
/// `redis-benchmark -t set -c 64`. Off by default (it measures, it does not check);
/// run with `TILL_REDIS_BENCH=1 swift test --filter RedisThroughputBenchmark`, ideally in release.
@Suite(.redisServer(), .enabled(if: ProcessInfo.processInfo.environment["TILL_REDIS_BENCH"] != nil))
struct RedisThroughputBenchmark {
    @Test func setThroughputWith64Callers() async throws {
        let callers = 64
        let perCaller = Int(ProcessInfo.processInfo.environment["TILL_REDIS_BENCH_N"] ?? "") ?? 5_000
        try await Live.withClient { redis in
            try await redis.ping()
            let before = redis.commandsSent
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<callers {
                    group.addTask {
                        let key = "bench:\(caller)"
                        for value in 0..<perCaller {
                            try await redis.send("SET", key, value)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let total = callers * perCaller
            print("SET with \(callers) callers: \(total) in \(elapsed) = \(Int(Double(total) / seconds)) ops/s; commandsSent +\(redis.commandsSent - before)")
            #expect(redis.commandsSent - before == UInt64(total))
        }
    }
}
