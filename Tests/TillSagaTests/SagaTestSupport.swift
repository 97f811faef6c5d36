import Foundation
import Logging
import Synchronization
import TillRedis
import TillSaga
import TillTestSupport
import TillWire

/// The input of the test sagas.
struct TestOrder: Codable, Sendable, Hashable {
    var id: String
}

/// Records every call the test saga's steps get and decides how each one answers.
final class StepProbe: Sendable {
    struct Call: Sendable, Hashable {
        var name: String
        var attempt: Int
        var key: String
    }

    private let state = Mutex<(calls: [Call], failing: Set<String>, blocking: Set<String>)>(([], [], []))

    /// Calls so far, in order (`a`, `undo_a`, …).
    var calls: [Call] { state.withLock { $0.calls } }
    var names: [String] { calls.map(\.name) }

    func reset() { state.withLock { $0.calls.removeAll() } }

    /// Makes `name` fail (a definite refusal) until ``heal(_:)``.
    func fail(_ name: String) { _ = state.withLock { $0.failing.insert(name) } }
    func heal(_ name: String) { _ = state.withLock { $0.failing.remove(name) } }
    /// Makes `name` hang until its deadline (or cancellation).
    func block(_ name: String) { _ = state.withLock { $0.blocking.insert(name) } }

    func call(_ name: String, _ call: SagaStepCall<TestOrder>) async throws(SagaStepFailure) -> JSONValue {
        let (fails, blocks) = state.withLock { state in
            state.calls.append(Call(name: name, attempt: call.attempt, key: call.idempotencyKey))
            return (state.failing.contains(name), state.blocking.contains(name))
        }
        if blocks {
            try? await Task.sleep(until: call.deadline)
            throw SagaStepFailure(WireError(.deadlineExceeded, "blocked"), retryWithinStep: false, maybeDone: true)
        }
        if fails { throw .refused(WireError(.invalidState, "\(name) refused")) }
        return .string("\(name)-output")
    }
}

enum SagaFixture {
    static let logger = Logger(label: "till.saga.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// `a` [undo_a] → `b` [undo_b] → `pivot` → `z` (retried until success).
    static func definition(kind: String, probe: StepProbe, policy: SagaPolicy) -> SagaDefinition<TestOrder> {
        func step(_ name: String, kind: SagaStepKind = .compensatable, undo: Bool = true) -> SagaStep<TestOrder> {
            SagaStep(
                name: name,
                kind: kind,
                timeout: .seconds(2),
                action: { (call: SagaStepCall<TestOrder>) async throws(SagaStepFailure) -> JSONValue in try await probe.call(name, call) },
                compensation: undo
                    ? (name: "undo_\(name)", run: { (call: SagaStepCall<TestOrder>) async throws(SagaStepFailure) in _ = try await probe.call("undo_\(name)", call) })
                    : nil
            )
        }
        return SagaDefinition(
            name: kind,
            steps: [step("a"), step("b"), step("pivot", kind: .pivot, undo: false), step("z", kind: .retriedUntilSuccess, undo: false)],
            policy: policy,
            context: { sagaID, input, outputs in ["order": .string(input.id), "a": outputs["a"] ?? .null] },
            eventFields: { sagaID in ["order_id": .string(String(sagaID.dropFirst(5)))] }
        )
    }

    static let fastPolicy = SagaPolicy(
        compensationRetries: 2, compensationBackoff: .milliseconds(20), forwardBackoff: .milliseconds(20), maxForwardBackoff: .milliseconds(100)
    )

    /// Runs `body` with an executor (and its runner) of a fresh saga kind on `redis`.
    static func withExecutor<T: Sendable>(
        redis: RedisClient,
        kind: String,
        probe: StepProbe,
        owner: String = "test-owner",
        lease: Duration = .seconds(5),
        policy: SagaPolicy = fastPolicy,
        slotPolicy: SagaLog.SlotPolicy = .singleServer,
        _ body: @escaping @Sendable (SagaExecutor<TestOrder>) async throws -> T
    ) async throws -> T {
        let runner = SagaRunner(logger: logger)
        var log = SagaLog(kind: kind, redis: redis)
        log.slotPolicy = slotPolicy
        let executor = SagaExecutor(
            definition: definition(kind: kind, probe: probe, policy: policy),
            log: log,
            runner: runner,
            owner: owner,
            lease: lease,
            logger: logger
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await runner.run()
                return nil
            }
            group.addTask { try await body(executor) }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let result { return result }
            }
            throw TestSupportError("the runner ended first")
        }
    }

    /// A running saga as an owner that got as far as `records` left it: created with the first
    /// record (context `context`), the rest appended.
    static func seed(
        _ log: SagaLog, sagaID: String, owner: String, lease: Duration, input: String, records: [SagaLogRecord],
        context: JSONValue = [:], traceID: String? = nil
    ) async throws {
        _ = try await log.create(
            SagaLog.NewSaga(
                sagaID: sagaID, paramsHash: "h", owner: owner, lease: lease, input: input, steps: [], context: context,
                firstRecord: records[0], traceID: traceID, event: nil, createdAtMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)
            )
        )
        try await log.append(
            sagaID: sagaID, token: "1", owner: owner, lease: lease, state: .running, view: nil,
            records: Array(records.dropFirst()), event: nil
        )
    }

    /// Waits (at most 20 s) until `sagaID`'s record is terminal.
    static func waitForEnd(_ log: SagaLog, _ sagaID: String) async throws -> SagaRecord {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let record = try await log.read(sagaID: sagaID)?.record, record.state.isTerminal { return record }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSupportError("saga \(sagaID) did not end")
    }
}
