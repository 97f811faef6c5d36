import Foundation
import Testing
import TillPayments
import TillRedis
import TillTestSupport
import TillWire

/// Idempotent calls of a no-op handler with 64 callers: first calls (claim + complete) and
/// replays (claim). Off by default (it measures, it does not check timing); run with
/// `TILL_IDEMPOTENCY_BENCH=1 swift test --filter IdempotencyThroughputBenchmark`, ideally in release.
@Suite(.redisServer(), .enabled(if: ProcessInfo.processInfo.environment["TILL_IDEMPOTENCY_BENCH"] != nil))
struct IdempotencyThroughputBenchmark {
    @Test func noOpHandlerWith64Callers() async throws {
        let callers = 64
        let perCaller = Int(ProcessInfo.processInfo.environment["TILL_IDEMPOTENCY_BENCH_N"] ?? "") ?? 2_000
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let idempotent = IdempotentExecutor(
                store: RedisIdempotencyStore(redis: redis, logger: LiveRedis.logger), instance: "bench", logger: LiveRedis.logger
            )
            let params: JSONValue = ["payment_id": "pay_1", "amount": 4999, "currency": "USD"]
            let result: JSONValue = ["payment_id": "pay_1", "state": "authorized", "amount": 4999, "currency": "USD"]
            _ = try await idempotent.run(service: "bench", method: "warm", key: "warm-up", params: params) { result }
            _ = try await idempotent.run(service: "bench", method: "warm", key: "warm-up", params: params) { result }

            for phase in ["first calls", "replays"] {
                try await redis.send("CONFIG", "RESETSTAT")
                let before = redis.commandsSent
                let start = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for caller in 0..<callers {
                        group.addTask {
                            for call in 0..<perCaller {
                                _ = try await idempotent.run(service: "bench", method: "noop", key: "\(caller):\(call)", params: params) {
                                    result
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let total = callers * perCaller
                let commands = redis.commandsSent - before
                print("idempotent \(phase), \(callers) callers: \(total) in \(elapsed) = \(Int(Double(total) / seconds)) calls/s; \(Double(commands) / Double(total)) commands/call")
                // Redis' own cost of the scripts, to tell client from server time.
                let stats = try await redis.send("INFO", "commandstats").string ?? ""
                print(stats.split(separator: "\r\n").filter { $0.contains("evalsha") }.joined())
                #expect(commands == UInt64(total * (phase == "first calls" ? 2 : 1)))
            }
        }
    }
}
