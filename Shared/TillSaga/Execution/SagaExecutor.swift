import Logging
import Metrics
import TillWire

/// Starts, resumes and re-drives sagas of one definition, performing what its
/// ``SagaStateMachine`` decides and writing every step to the ``SagaLog`` first.
///
/// A saga runs in the ``SagaRunner``, not in the request that started it; callers wait for it with
/// ``waitForEnd(sagaID:timeout:)``. Per step the log costs one script call: the outcome of a step
/// and the `started` record of the next one are appended together.
public final class SagaExecutor<Input: Codable & Sendable>: Sendable {
    public let definition: SagaDefinition<Input>
    public let log: SagaLog
    /// This process' name in leases (`orchestrator-1:<uuid>`).
    public let owner: String
    /// How long a lease lasts without renewal.
    public let lease: Duration
    let machine: SagaStateMachine
    let registry = SagaRegistry()
    let runner: SagaRunner
    let metrics: SagaMetrics
    let logger: Logger
    let codec = SagaCodec()
    let stepNames: [String]

    public init(definition: SagaDefinition<Input>, log: SagaLog, runner: SagaRunner, owner: String, lease: Duration, logger: Logger) {
        precondition(log.kind == definition.name, "the log must index sagas of kind \(definition.name)")
        self.definition = definition
        self.log = log
        self.runner = runner
        self.owner = owner
        self.lease = lease
        self.machine = definition.stateMachine
        self.metrics = SagaMetrics(kind: definition.name)
        self.logger = logger
        self.stepNames = definition.steps.map(\.name)
    }

    /// What ``start(sagaID:input:paramsHash:traceID:)`` did.
    public enum StartOutcome: Sendable, Hashable {
        /// A new saga was created and is running here.
        case started(SagaRecord)
        /// The saga existed already (started with params hashing to `paramsHash`).
        case exists(paramsHash: String, record: SagaRecord)
    }

    /// Creates the saga `sagaID` unless it exists, and starts driving it.
    public func start(sagaID: String, input: Input, paramsHash: String, traceID: String?) async throws(SagaLogError) -> StartOutcome {
        let createdMS = SagaLog.nowMilliseconds()
        var progress = machine.emptyProgress()
        let first = SagaLogRecord(kind: .action, step: stepNames[0], phase: .started, attempt: 1, at: createdMS)
        progress.apply(first)
        let (steps, context) = view(sagaID: sagaID, input: input, progress: progress)
        let event = SagaEvent.json(
            "saga.started", sagaID: sagaID, kind: definition.name, state: .running, traceID: traceID,
            fields: definition.eventFields(sagaID), codec: codec
        )
        let outcome = try await log.create(
            SagaLog.NewSaga(
                sagaID: sagaID, paramsHash: paramsHash, owner: owner, lease: lease, input: codec.string(input),
                steps: steps, context: context, firstRecord: first, traceID: traceID, event: event,
                createdAtMilliseconds: createdMS
            )
        )
        switch outcome {
        case .exists(let hash, let record):
            // A running saga's stored view is its creation's; a duplicate start sees the current one.
            guard record.state == .running, let current = try await read(sagaID: sagaID) else {
                return .exists(paramsHash: hash, record: record)
            }
            return .exists(paramsHash: hash, record: current)
        case .created:
            metrics.started.increment()
            let record = SagaRecord(
                sagaID: sagaID, state: .running, steps: steps, context: context,
                createdAt: createdMS / 1000, updatedAt: createdMS / 1000
            )
            let drive = SagaDrive(
                executor: self, sagaID: sagaID, token: "1", input: input, traceID: traceID,
                createdAt: createdMS / 1000, log: [first],
                pending: SagaInvocation(step: 0, kind: .action, attempt: 1)
            )
            launch(drive)
            return .started(record)
        }
    }

    /// Continues a saga this process just adopted (or re-drove) from its log.
    public func resume(_ ownership: SagaOwnership) throws(SagaLogError) {
        let input = try codec.decode(Input.self, from: ownership.input)
        let drive = SagaDrive(
            executor: self, sagaID: ownership.sagaID, token: ownership.token, input: input,
            traceID: ownership.traceID, createdAt: ownership.createdAt, log: ownership.log, pending: nil
        )
        launch(drive)
    }

    /// What ``recover(sagaID:)`` found.
    public enum RecoverOutcome: Sendable, Hashable {
        case notFound
        case invalidState(SagaState)
        /// The compensations run again, here.
        case recovering
    }

    /// An operator's re-drive of a `failed_compensation` saga: every compensation still failing
    /// gets a fresh round of attempts.
    public func recover(sagaID: String, traceID: String?) async throws(SagaLogError) -> RecoverOutcome {
        let event = SagaEvent.json(
            "saga.recovering", sagaID: sagaID, kind: definition.name, state: .running, traceID: traceID,
            fields: definition.eventFields(sagaID), codec: codec
        )
        switch try await log.recover(sagaID: sagaID, owner: owner, lease: lease, event: event) {
        case .missing: return .notFound
        case .invalidState(let state): return .invalidState(state)
        case .adopted(let ownership):
            try resume(ownership)
            return .recovering
        }
    }

    /// Waits until the saga this process drives ends, at most `timeout`.
    /// - Returns: the final record; `nil` if it is not driven here, moved elsewhere, or the time ran out.
    public func waitForEnd(sagaID: String, timeout: Duration) async -> SagaRecord? {
        switch await registry.wait(for: sagaID, timeout: timeout) {
        case .notHere: nil
        case .ended(let record): record
        }
    }

    /// Whether this process drives `sagaID` right now.
    public func isDriving(_ sagaID: String) -> Bool { registry.isDriving(sagaID) }

    /// The leases of sagas driven here not refreshed since `cutoff`.
    func staleLeases(before cutoff: ContinuousClock.Instant) -> [(sagaID: String, token: String)] {
        registry.stale(before: cutoff)
    }

    private func launch(_ drive: SagaDrive<Input>) {
        guard registry.begin(drive.sagaID, token: drive.token) else { return }
        let submitted = runner.submit {
            await drive.run()
        }
        if !submitted {
            // Shutting down: the lease lapses and another orchestrator adopts the saga.
            registry.end(drive.sagaID, record: nil)
        }
    }
}
