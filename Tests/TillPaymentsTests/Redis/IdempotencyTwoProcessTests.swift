import Foundation
import Testing
import TillPayments
import TillRedis
import TillTestSupport
import TillWire

@Suite("Idempotency across two OS processes", .redisServer(), .timeLimit(.minutes(2)))
struct IdempotencyTwoProcessTests {
    @Test("100 concurrent calls with one key, split over two processes, run the handler exactly once")
    func exactlyOnce() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let key = LiveRedis.unique("key")
            let counter = LiveRedis.unique("executions")
            let refused = LiveRedis.unique("refused")
            let barrier = LiveRedis.unique("barrier")
            let worker = try await LiveRedis.startWorker(
                "idempotency", ["--calls", "50", "--key", key, "--counter", counter, "--refused", refused, "--expect-refused", "99"],
                barrier: barrier, redis: redis
            )
            // The same handler and parameters as the worker's (`Tests/TillTestWorker/main.swift`):
            // whichever call runs the handler holds its claim until the 99 others were refused.
            let idempotent = IdempotentExecutor(
                store: RedisIdempotencyStore(redis: redis, logger: LiveRedis.logger), instance: "test", logger: LiveRedis.logger
            )
            @Sendable func call() async -> WorkerOutcome {
                do {
                    let result = try await idempotent.run(service: "test", method: "once", key: key, params: ["amount": 4999]) {
                        let execution = try await redis.send("INCR", counter).int64 ?? -1
                        try await LiveRedis.waitForCount(refused, toReach: 99, redis: redis)
                        return ["execution": .integer(execution), "token": .string(UUID().uuidString)]
                    }
                    return .success(String(decoding: CanonicalJSON.encode(result), as: UTF8.self))
                } catch {
                    let code = (error as? any WireErrorConvertible)?.wireError.code.rawValue ?? "\(error)"
                    if code == "idempotency_in_progress" { _ = try? await redis.send("INCR", refused) }
                    return .failure(code)
                }
            }
            try await LiveRedis.go(barrier, redis: redis)
            let local = await LiveRedis.concurrently(50, call)
            let remote = try await worker.report().outcomes
            let outcomes = local + remote

            #expect(outcomes.count == 100)
            #expect(try await redis.send("GET", counter).int64 == 1)
            #expect(outcomes.filter(\.ok).count == 1)
            #expect(outcomes.filter { $0.code == "idempotency_in_progress" }.count == 99)
            let results = Set(outcomes.compactMap(\.value))
            #expect(results.count == 1)
            // A late caller gets the one stored result, and the handler still ran once.
            let replay = await call()
            #expect(replay.ok)
            #expect(results == [replay.value ?? ""])
            #expect(try await redis.send("GET", counter).int64 == 1)
        }
    }
}
