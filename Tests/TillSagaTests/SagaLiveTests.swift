import Foundation
import NIOCore
import Testing
import TillRedis
import TillSaga
import TillTestSupport
import TillWire

/// The saga log, leases and executor against a real redis-server.
@Suite(.redisServer(), .timeLimit(.minutes(2)))
struct SagaLiveTests {
    /// One Redis server: the create indexes the saga and the final append moves it (4 steps: 5
    /// script calls); per slot (Redis Cluster) the index takes one more call at each end.
    @Test(arguments: [(SagaLog.SlotPolicy.singleServer, 5), (.perSlot, 7)])
    func aSagaRunsToCompletionWithOneAppendPerStep(slotPolicy: SagaLog.SlotPolicy, commands: Int) async throws {
        try await LiveRedis.withClient { redis in
            let kind = LiveRedis.unique("happy")
            // Saga keys are not scoped by kind: each argument gets its own ids.
            let (first, second) = ("saga_\(kind)_0", "saga_\(kind)_1")
            let probe = StepProbe()
            try await SagaFixture.withExecutor(redis: redis, kind: kind, probe: probe, slotPolicy: slotPolicy) { executor in
                // A first saga loads the scripts (NOSCRIPT, SCRIPT LOAD) so the second counts the steady state.
                _ = try await executor.start(sagaID: first, input: TestOrder(id: "0"), paramsHash: "h0", traceID: nil)
                _ = await executor.waitForEnd(sagaID: first, timeout: .seconds(20))
                probe.reset()
                let before = redis.commandsSent
                let outcome = try await executor.start(sagaID: second, input: TestOrder(id: "1"), paramsHash: "h1", traceID: "trace-1")
                guard case .started(let record) = outcome else { Issue.record("not started: \(outcome)"); return }
                #expect(record.state == .running)
                let final = try #require(await executor.waitForEnd(sagaID: second, timeout: .seconds(20)))
                #expect(final.state == .completed)
                #expect(final.steps.map(\.state) == [.succeeded, .succeeded, .succeeded, .succeeded])
                #expect(final.context["a"] == "a-output")
                // The create, one append per step, and per slot the index add and move.
                #expect(redis.commandsSent - before == commands)

                #expect(probe.names == ["a", "b", "pivot", "z"])
                #expect(probe.calls.map(\.key) == ["a", "b", "pivot", "z"].map { "\(second):\($0)" })
                let history = try await executor.log.history(sagaID: second)
                #expect(history.map(\.phase) == [.started, .succeeded, .started, .succeeded, .started, .succeeded, .started, .succeeded])
                #expect(history.allSatisfy { $0.v == 1 })
                let stored = try #require(try await executor.log.read(sagaID: second)?.record)
                #expect(stored.state == .completed && stored.steps == final.steps)
                #expect(try await executor.log.list(state: .completed, limit: 10, cursor: nil).sagaIDs.sorted() == [first, second].sorted())
                #expect(try await executor.log.list(state: .running, limit: 10, cursor: nil).sagaIDs.isEmpty)
                #expect(try await redis.send("EXISTS", SagaKeys(sagaID: second).lease).int == 0)

                // Idempotent on the saga id.
                guard case .exists(let hash, let existing) = try await executor.start(sagaID: second, input: TestOrder(id: "1"), paramsHash: "h2", traceID: nil) else {
                    Issue.record("a second start created the saga again"); return
                }
                #expect(hash == "h1" && existing.state == .completed)
                #expect(probe.names.count == 4)
            }
        }
    }

    @Test func aFailureBeforeThePivotCompensatesInReverse() async throws {
        try await LiveRedis.withClient { redis in
            let probe = StepProbe()
            probe.fail("pivot")
            let events = try await redis.subscribe([SagaLog.eventsChannel])
            try await SagaFixture.withExecutor(redis: redis, kind: LiveRedis.unique("rollback"), probe: probe) { executor in
                _ = try await executor.start(sagaID: "saga_2", input: TestOrder(id: "2"), paramsHash: "h", traceID: "t-2")
                let final = try #require(await executor.waitForEnd(sagaID: "saga_2", timeout: .seconds(20)))
                #expect(final.state == .compensated)
                #expect(probe.names == ["a", "b", "pivot", "undo_b", "undo_a"])
                #expect(probe.calls.last?.key == "saga_2:undo_a")
                #expect(final.steps.map(\.state) == [.compensated, .compensated, .failed, .skipped])
                #expect(final.steps[2].error?.code == .invalidState)
            }
            var types: [String] = []
            for await message in events {
                let event = try JSONDecoder().decode(JSONValue.self, from: Data(String(buffer: message.payload).utf8))
                guard event["saga_id"] == "saga_2" else { continue }
                types.append(event["type"]?.stringValue ?? "")
                #expect(event["order_id"] == "2" && event["trace_id"] == "t-2")
                if types.count == 2 { break }
            }
            #expect(types == ["saga.started", "saga.compensated"])
        }
    }

    @Test func aCompensationThatKeepsFailingEndsFailedCompensationUntilRecovered() async throws {
        try await LiveRedis.withClient { redis in
            let probe = StepProbe()
            probe.fail("b")
            probe.fail("undo_a")
            try await SagaFixture.withExecutor(redis: redis, kind: LiveRedis.unique("stuck"), probe: probe) { executor in
                _ = try await executor.start(sagaID: "saga_3", input: TestOrder(id: "3"), paramsHash: "h", traceID: nil)
                let final = try #require(await executor.waitForEnd(sagaID: "saga_3", timeout: .seconds(20)))
                #expect(final.state == .failedCompensation)
                // The first attempt and compensation_retries (2) more.
                #expect(probe.names == ["a", "b", "undo_a", "undo_a", "undo_a"])
                #expect(final.steps[0].state == .compensationFailed)
                #expect(try await executor.log.list(state: .failedCompensation, limit: 5, cursor: nil).sagaIDs == ["saga_3"])

                #expect(try await executor.recover(sagaID: "saga_1_missing", traceID: nil) == .notFound)
                probe.heal("undo_a")
                #expect(try await executor.recover(sagaID: "saga_3", traceID: nil) == .recovering)
                let recovered = try await SagaFixture.waitForEnd(executor.log, "saga_3")
                #expect(recovered.state == .compensated)
                #expect(probe.calls.last == StepProbe.Call(name: "undo_a", attempt: 4, key: "saga_3:undo_a:r1"))
                #expect(try await executor.recover(sagaID: "saga_3", traceID: nil) == .invalidState(.compensated))
                #expect(try await executor.log.list(state: .compensated, limit: 5, cursor: nil).sagaIDs == ["saga_3"])
            }
        }
    }

    @Test func fencingRejectsAStaleOwner() async throws {
        try await LiveRedis.withClient { redis in
            let log = SagaLog(kind: LiveRedis.unique("fence"), redis: redis)
            let sagaID = "saga_fence"
            let first = SagaLogRecord(kind: .action, step: "a", phase: .started, attempt: 1, at: 0)
            let created = try await log.create(
                SagaLog.NewSaga(
                    sagaID: sagaID, paramsHash: "h", owner: "old", lease: .milliseconds(200), input: #"{"id":"f"}"#,
                    steps: [], context: [:], firstRecord: first, traceID: nil, event: nil, createdAtMilliseconds: 1_000
                )
            )
            #expect(created == .created)
            // The owner is alive: nobody else may take it.
            guard case .held = try await log.adopt(sagaID: sagaID, owner: "new", lease: .seconds(5)) else {
                Issue.record("adopted a saga whose lease is held"); return
            }
            try await Task.sleep(for: .milliseconds(400))
            guard case .adopted(let ownership) = try await log.adopt(sagaID: sagaID, owner: "new", lease: .seconds(5)) else {
                Issue.record("could not adopt a lapsed saga"); return
            }
            #expect(ownership.token == "2" && ownership.log == [first] && ownership.input == #"{"id":"f"}"#)

            let outcome = SagaLogRecord(kind: .action, step: "a", phase: .succeeded, attempt: 1, at: 0)
            await #expect(throws: SagaLogError.fenced(sagaID)) {
                try await log.append(
                    sagaID: sagaID, token: "1", owner: "old", lease: .seconds(5), state: .running, view: nil,
                    records: [outcome], event: nil
                )
            }
            #expect(try await log.renew([(sagaID: sagaID, token: "1")], owner: "old", lease: .seconds(5)) == [sagaID])
            #expect(try await log.history(sagaID: sagaID) == [first])
            #expect(try await redis.send("GET", SagaKeys(sagaID: sagaID).lease).string == "new:2")

            try await log.append(
                sagaID: sagaID, token: "2", owner: "new", lease: .seconds(5), state: .running, view: nil,
                records: [outcome], event: nil
            )
            #expect(try await log.history(sagaID: sagaID) == [first, outcome])
            #expect(try await log.renew([(sagaID: sagaID, token: "2")], owner: "new", lease: .seconds(5)).isEmpty)
        }
    }

    @Test func anOrphanedSagaIsAdoptedAfterItsLeaseLapsesAndResumesAtTheRightStep() async throws {
        try await LiveRedis.withClient { redis in
            let kind = LiveRedis.unique("orphan")
            let probe = StepProbe()
            let log = SagaLog(kind: kind, redis: redis)
            // The first owner got as far as starting `b`, then died.
            let records = [
                SagaLogRecord(kind: .action, step: "a", phase: .started, attempt: 1, at: 0),
                SagaLogRecord(kind: .action, step: "a", phase: .succeeded, attempt: 1, at: 0, output: "a-from-first-owner"),
                SagaLogRecord(kind: .action, step: "b", phase: .started, attempt: 1, at: 0),
            ]
            try await SagaFixture.seed(
                log, sagaID: "saga_orphan", owner: "dead", lease: .milliseconds(300), input: #"{"id":"o"}"#, records: records, traceID: "t-o"
            )
            try await SagaFixture.withExecutor(redis: redis, kind: kind, probe: probe, owner: "heir") { executor in
                let recovery = SagaRecovery(executor: executor, scanInterval: .milliseconds(100), logger: SagaFixture.logger)
                // Not due yet: the scan leaves it alone.
                #expect(await recovery.scanOnce() == 0)
                try await Task.sleep(for: .milliseconds(500))
                #expect(await recovery.scanOnce() == 1)
                let final = try await SagaFixture.waitForEnd(log, "saga_orphan")
                #expect(final.state == .completed)
                #expect(final.context["a"] == "a-from-first-owner")
                #expect(probe.calls == [
                    StepProbe.Call(name: "b", attempt: 2, key: "saga_orphan:b"),
                    StepProbe.Call(name: "pivot", attempt: 1, key: "saga_orphan:pivot"),
                    StepProbe.Call(name: "z", attempt: 1, key: "saga_orphan:z"),
                ])
                // Ended sagas are out of the recovery index.
                #expect(await recovery.scanOnce() == 0)
                #expect(try await log.dueSagas(limit: 10).isEmpty)
            }
        }
    }

    @Test func aRunningSagasViewComesFromItsLogAndOnlyTheEndRewritesTheRecord() async throws {
        try await LiveRedis.withClient { redis in
            let kind = LiveRedis.unique("view")
            let log = SagaLog(kind: kind, redis: redis)
            let records = [
                SagaLogRecord(kind: .action, step: "a", phase: .started, attempt: 1, at: 0),
                SagaLogRecord(kind: .action, step: "a", phase: .succeeded, attempt: 1, at: 0, output: "a-out"),
                SagaLogRecord(kind: .action, step: "b", phase: .started, attempt: 1, at: 0),
            ]
            try await SagaFixture.seed(
                log, sagaID: "saga_view", owner: "busy", lease: .seconds(30), input: #"{"id":"v"}"#, records: records, context: ["as": "created"]
            )
            // The stored view is still the creation's…
            let stored = try #require(try await log.read(sagaID: "saga_view"))
            #expect(stored.record.context == ["as": "created"] && stored.pending?.log == records)
            // …and the executor replays the log over it.
            try await SagaFixture.withExecutor(redis: redis, kind: kind, probe: StepProbe(), owner: "reader") { executor in
                let view = try #require(try await executor.read(sagaID: "saga_view"))
                #expect(view.state == .running)
                #expect(view.steps.map(\.state) == [.succeeded, .running, .pending, .pending])
                #expect(view.context == ["order": "v", "a": "a-out"])
                #expect(try await executor.read(sagaIDs: ["saga_view", "saga_missing"]) == [view])
            }
            // The terminal append writes the view once.
            let steps = [SagaStepView(name: "a", state: .succeeded, attempts: 1)]
            try await log.append(
                sagaID: "saga_view", token: "1", owner: "busy", lease: .seconds(30), state: .completed,
                view: (steps: steps, context: ["as": "ended"]), records: [], event: nil
            )
            let ended = try #require(try await log.read(sagaID: "saga_view"))
            #expect(ended.pending == nil && ended.record.state == .completed)
            #expect(ended.record.steps == steps && ended.record.context == ["as": "ended"])
        }
    }

    @Test func anAdoptedSagaThatHadFailedCompensates() async throws {
        try await LiveRedis.withClient { redis in
            let kind = LiveRedis.unique("orphan-failed")
            let probe = StepProbe()
            let log = SagaLog(kind: kind, redis: redis)
            let records = [
                SagaLogRecord(kind: .action, step: "a", phase: .started, attempt: 1, at: 0),
                SagaLogRecord(kind: .action, step: "a", phase: .succeeded, attempt: 1, at: 0, output: "x"),
                SagaLogRecord(kind: .action, step: "b", phase: .started, attempt: 1, at: 0),
                SagaLogRecord(kind: .action, step: "b", phase: .failed, attempt: 1, at: 0, error: WireError(.unavailable, "gone"), maybeDone: true),
            ]
            try await SagaFixture.seed(
                log, sagaID: "saga_of", owner: "dead", lease: .milliseconds(100), input: #"{"id":"of"}"#, records: records
            )
            try await Task.sleep(for: .milliseconds(300))
            try await SagaFixture.withExecutor(redis: redis, kind: kind, probe: probe, owner: "heir") { executor in
                let recovery = SagaRecovery(executor: executor, scanInterval: .milliseconds(100), logger: SagaFixture.logger)
                #expect(await recovery.scanOnce() == 1)
                let final = try await SagaFixture.waitForEnd(log, "saga_of")
                #expect(final.state == .compensated)
                // b may have happened: it is compensated too, then a.
                #expect(probe.names == ["undo_b", "undo_a"])
            }
        }
    }

    @Test func aSlowOwnerThatLostItsLeaseStopsTouchingTheSaga() async throws {
        try await LiveRedis.withClient { redis in
            let kind = LiveRedis.unique("slow")
            let slowProbe = StepProbe()
            slowProbe.block("b")
            let heirProbe = StepProbe()
            let log = SagaLog(kind: kind, redis: redis)
            try await SagaFixture.withExecutor(redis: redis, kind: kind, probe: slowProbe, owner: "slow", lease: .milliseconds(300)) { slow in
                _ = try await slow.start(sagaID: "saga_slow", input: TestOrder(id: "s"), paramsHash: "h", traceID: nil)
                // `b` hangs for its 2 s timeout without renewals (no renewer runs): the lease lapses.
                try await Task.sleep(for: .milliseconds(600))
                try await SagaFixture.withExecutor(redis: redis, kind: kind, probe: heirProbe, owner: "heir") { heir in
                    let recovery = SagaRecovery(executor: heir, scanInterval: .milliseconds(100), logger: SagaFixture.logger)
                    #expect(await recovery.scanOnce() == 1)
                    let final = try await SagaFixture.waitForEnd(log, "saga_slow")
                    #expect(final.state == .completed)
                    // The slow owner wakes up after the heir finished: its append is refused.
                    #expect(await slow.waitForEnd(sagaID: "saga_slow", timeout: .seconds(10)) == nil)
                    #expect(!slow.isDriving("saga_slow"))
                }
            }
            #expect(slowProbe.names == ["a", "b"])
            #expect(heirProbe.names == ["b", "pivot", "z"])
            let history = try await log.history(sagaID: "saga_slow")
            #expect(history.filter { $0.step == "b" && $0.phase == .failed }.isEmpty)
        }
    }

    @Test func listingPagesNewestFirstWithoutRepeats() async throws {
        try await LiveRedis.withClient { redis in
            let log = SagaLog(kind: LiveRedis.unique("list"), redis: redis)
            for i in 0..<7 {
                _ = try await log.create(
                    SagaLog.NewSaga(
                        sagaID: "saga_l\(i)", paramsHash: "h", owner: "o", lease: .seconds(5), input: "{}",
                        steps: [], context: [:], firstRecord: SagaLogRecord(kind: .action, step: "a", phase: .started, attempt: 1, at: 0),
                        traceID: nil, event: nil, createdAtMilliseconds: 1_000 + Int64(i / 2)
                    )
                )
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await log.list(state: .running, limit: 3, cursor: cursor)
                #expect(page.sagaIDs.count <= 3)
                seen += page.sagaIDs
                cursor = page.cursor
            } while cursor != nil
            #expect(seen == ["saga_l6", "saga_l5", "saga_l4", "saga_l3", "saga_l2", "saga_l1", "saga_l0"])
            #expect(try await log.list(state: nil, limit: 200, cursor: nil).sagaIDs.count == 7)
        }
    }
}
