import Foundation
import Testing
import TillRedis
import TillSaga
import TillTestSupport
import TillWire

/// The recovery scan runs every few seconds on every orchestrator for the life of the stack, so
/// its cost must follow the sagas that are due, never the sagas ever run: a scan that walked the
/// creation index, a state index or the keyspace would slow every checkout more as they pile up.
@Suite(.redisServer(), .timeLimit(.minutes(2)))
struct SagaRecoveryScaleTests {
    /// 5,000 ended sagas in the indexes (as after a load run) and 3 running ones whose recorded due
    /// time passed while a live owner still holds the lease: one scan is one index read plus an
    /// adoption attempt and a postponement per due saga, and the ended sagas are never read.
    @Test func aScanCostsCommandsPerDueSagaNotPerSagaEverRun() async throws {
        try await LiveRedis.withClient { redis in
            let kind = LiveRedis.unique("scale")
            let index = SagaIndexKeys(kind: kind)
            let log = SagaLog(kind: kind, redis: redis)
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            // Ended sagas: indexed like the terminal script leaves them (all + completed).
            let ended = (0..<5_000).map { "saga_\(kind)_done_\($0)" }
            for chunk in stride(from: 0, to: ended.count, by: 500) {
                let ids = ended[chunk..<min(chunk + 500, ended.count)]
                let members = ids.flatMap { ["\(now - 60_000)", $0] }
                _ = try await redis.pipeline([
                    RedisCommand("ZADD", [index.all] + members),
                    RedisCommand("ZADD", [index.byState(.completed)] + members),
                ])
            }
            // Running sagas held by a live owner (a 60 s lease) but overdue in the index.
            let held = (0..<3).map { "saga_\(kind)_held_\($0)" }
            for sagaID in held {
                _ = try await log.create(
                    SagaLog.NewSaga(
                        sagaID: sagaID, paramsHash: "h", owner: "alive", lease: .seconds(60), input: #"{"id":"x"}"#,
                        steps: [], context: [:],
                        firstRecord: SagaLogRecord(kind: .action, step: "a", phase: .started, attempt: 1, at: 0),
                        traceID: nil, event: nil, createdAtMilliseconds: now
                    )
                )
                _ = try await redis.send("ZADD", index.due, "XX", now - 1_000, sagaID)
            }
            #expect(try await redis.send("ZCARD", index.all).int == 5_003)

            try await SagaFixture.withExecutor(redis: redis, kind: kind, probe: StepProbe(), owner: "scanner") { executor in
                let recovery = SagaRecovery(executor: executor, scanInterval: .seconds(60), logger: SagaFixture.logger)
                // Warm the scripts up (NOSCRIPT + SCRIPT LOAD) on a saga that is not due, so the
                // counts below are the steady state.
                _ = try await log.adopt(sagaID: held[0], owner: "scanner", lease: .seconds(60))

                var before = redis.commandsSent
                #expect(await recovery.scanOnce() == 0)
                // ZRANGE of the due index, then per held saga: the adoption script and a ZADD XX.
                #expect(redis.commandsSent - before == UInt64(1 + 2 * held.count))

                // Postponed by the lease they still hold: the next scan finds nothing to do.
                before = redis.commandsSent
                #expect(await recovery.scanOnce() == 0)
                #expect(redis.commandsSent - before == 1)
                #expect(try await log.dueSagas(limit: 10).isEmpty)
                // Nothing ended was touched: still indexed as completed, still no saga record.
                #expect(try await redis.send("ZCARD", index.byState(.completed)).int == 5_000)
                #expect(try await redis.send("EXISTS", SagaKeys(sagaID: ended[0]).record).int == 0)
            }
        }
    }
}
