import Logging
import Metrics
import TillResilience
import TillWire

/// One saga being driven to its end by this process: the loop that asks the state machine what
/// to do, writes it ahead to the log, performs it, and writes the outcome.
struct SagaDrive<Input: Codable & Sendable>: Sendable {
    let executor: SagaExecutor<Input>
    let sagaID: String
    let token: String
    let input: Input
    let traceID: String?
    let createdAt: Int64
    let log: [SagaLogRecord]
    /// An invocation whose `started` record the log already ends with (a new saga's first step).
    let pending: SagaInvocation?

    /// Why a drive stopped before the saga ended.
    private enum Stop: Error {
        /// Another owner holds the saga now.
        case fenced
        /// Shutdown, or Redis stayed unreachable: the lease lapses and the saga is adopted.
        case abandoned
    }

    func run() async {
        var logger = executor.logger
        logger[metadataKey: "saga.id"] = "\(sagaID)"
        if let traceID { logger[metadataKey: "trace_id"] = "\(traceID)" }
        var record: SagaRecord?
        do throws(Stop) {
            record = try await drive(logger: logger)
        } catch {
            switch error {
            case .fenced:
                executor.metrics.fenced.increment()
                logger.warning("saga lease lost to another orchestrator; stopping")
            case .abandoned:
                logger.info("saga left for adoption")
            }
        }
        executor.registry.end(sagaID, record: record)
    }

    private func drive(logger: Logger) async throws(Stop) -> SagaRecord {
        let machine = executor.machine
        var history = log
        var progress = machine.replay(history)
        var written: SagaState? = nil
        // The invocation whose `started` record is written and that has not run yet.
        var pending = self.pending
        while true {
            let invocation: SagaInvocation
            if let next = pending {
                invocation = next
                pending = nil
            } else {
                switch machine.next(progress) {
                case .finish(let state):
                    if written != state {
                        try await append([], progress: progress, state: state, logger: logger)
                    }
                    return await finish(state, progress: progress, history: history, logger: logger)
                case .run(let next, let delay):
                    if delay > .zero {
                        do { try await Task.sleep(for: delay) } catch { throw .abandoned }
                    }
                    let started = record(next, phase: .started)
                    try await append([started], progress: progress.applying(started), state: .running, logger: logger)
                    progress.apply(started)
                    history.append(started)
                    invocation = next
                }
            }

            let outcome = await perform(invocation, progress: progress, logger: logger)
            if Task.isCancelled { throw .abandoned }
            if executor.registry.isFenced(sagaID) { throw .fenced }
            var records = [outcome]
            var next = progress.applying(outcome)
            var state = SagaState.running
            switch machine.next(next) {
            case .run(let following, after: .zero):
                let started = record(following, phase: .started)
                records.append(started)
                next.apply(started)
                pending = following
            case .finish(let final):
                state = final
            case .run:
                break
            }
            try await append(records, progress: next, state: state, logger: logger)
            progress = next
            history += records
            if state != .running { written = state }
        }
    }

    /// Runs one action or compensation within its step's timeout, retrying what asks for it.
    private func perform(_ invocation: SagaInvocation, progress: SagaProgress, logger: Logger) async -> SagaLogRecord {
        let step = executor.definition.steps[invocation.step]
        let deadline = ContinuousClock.now + step.timeout
        var key = "\(sagaID):\(step.name)"
        if invocation.kind == .compensation, let name = step.compensation?.name {
            key = "\(sagaID):\(name)" + (progress.recoveryRounds > 0 ? ":r\(progress.recoveryRounds)" : "")
        }
        var stepLogger = logger
        stepLogger[metadataKey: "saga.step"] = "\(step.name)"
        let call = SagaStepCall(
            sagaID: sagaID, step: step.name, input: input,
            outputs: progress.outputs(stepNames: executor.stepNames),
            attempt: invocation.attempt, idempotencyKey: key, deadline: deadline, traceID: traceID, logger: stepLogger
        )
        let work: @Sendable () async throws(SagaStepFailure) -> JSONValue
        switch invocation.kind {
        case .action:
            work = { () async throws(SagaStepFailure) -> JSONValue in try await step.action(call) }
        case .compensation:
            guard let compensation = step.compensation else { return record(invocation, phase: .succeeded) }
            work = { () async throws(SagaStepFailure) -> JSONValue in
                try await compensation.run(call)
                return .null
            }
        }
        let result = await StepTimeout.run(until: deadline, trusted: step.honoursDeadline) { () async throws(SagaStepFailure) -> JSONValue in
            try await step.retryPolicy.run(deadline: deadline, isRetriable: { (failure: SagaStepFailure) in failure.retryWithinStep }) {
                (_: Int) async throws(SagaStepFailure) -> JSONValue in
                try await work()
            }
        }
        switch result {
        case .success(let output):
            var done = record(invocation, phase: .succeeded)
            if invocation.kind == .action { done.output = output }
            return done
        case .failure(let failure):
            stepLogger.info(
                "saga step failed",
                metadata: ["saga.kind": "\(invocation.kind)", "error.code": "\(failure.error.code)", "saga.maybe_done": "\(failure.maybeDone)"]
            )
            var failed = record(invocation, phase: .failed)
            failed.error = failure.error
            // A failure that may be retried was cut short by the timeout: the request may have landed.
            failed.maybeDone = failure.maybeDone || failure.retryWithinStep
            return failed
        }
    }

    /// Appends durably: Redis being briefly away is retried while the lease would still hold.
    private func append(_ records: [SagaLogRecord], progress: SagaProgress, state: SagaState, logger: Logger) async throws(Stop) {
        let view = state == .running ? nil : executor.view(sagaID: sagaID, input: input, progress: progress)
        let event = state == .running ? nil : SagaEvent.json(
            SagaEvent.type(for: state), sagaID: sagaID, kind: executor.definition.name, state: state,
            traceID: traceID, fields: executor.definition.eventFields(sagaID), codec: executor.codec
        )
        let giveUp = ContinuousClock.now + executor.lease
        var delay = Duration.milliseconds(50)
        while true {
            do throws(SagaLogError) {
                try await executor.log.append(
                    sagaID: sagaID, token: token, owner: executor.owner, lease: executor.lease, state: state,
                    view: view, records: records, event: event
                )
                executor.registry.refreshed(sagaID)
                return
            } catch {
                if error.isFenced { throw .fenced }
                guard error.isRetriable, ContinuousClock.now + delay < giveUp else {
                    logger.error("saga log append failed; leaving the saga for adoption", metadata: ["error": "\(error)"])
                    throw .abandoned
                }
                logger.warning("saga log append failed; retrying", metadata: ["error": "\(error)"])
                do { try await Task.sleep(for: delay) } catch { throw .abandoned }
                delay = min(delay * 2, .seconds(1))
            }
        }
    }

    private func finish(_ state: SagaState, progress: SagaProgress, history: [SagaLogRecord], logger: Logger) async -> SagaRecord {
        executor.metrics.finished(state)
        if state == .failedCompensation {
            logger.error(
                "saga failed to compensate; operator action needed",
                metadata: ["saga.state": "\(state.rawValue)", "saga.history": "\(executor.codec.string(history))"]
            )
        } else {
            logger.debug("saga finished", metadata: ["saga.state": "\(state.rawValue)"])
        }
        if !executor.log.movesIndexOnAppend {
            do {
                try await executor.log.moveIndex(sagaID: sagaID, from: .running, to: state, due: nil)
            } catch {
                // The recovery scan repairs the index when it finds the saga terminal.
                logger.warning("saga index update failed", metadata: ["error": "\(error)"])
            }
        }
        let view = executor.view(sagaID: sagaID, input: input, progress: progress)
        return SagaRecord(
            sagaID: sagaID, state: state, steps: view.steps, context: view.context,
            createdAt: createdAt, updatedAt: SagaLog.nowMilliseconds() / 1000
        )
    }

    private func record(_ invocation: SagaInvocation, phase: SagaLogRecord.Phase) -> SagaLogRecord {
        SagaLogRecord(
            kind: invocation.kind == .action ? .action : .compensation,
            step: executor.definition.steps[invocation.step].name,
            phase: phase,
            attempt: invocation.attempt,
            at: SagaLog.nowMilliseconds()
        )
    }
}

extension SagaProgress {
    /// A copy with `record` folded in.
    func applying(_ record: SagaLogRecord) -> SagaProgress {
        var copy = self
        copy.apply(record)
        return copy
    }
}
