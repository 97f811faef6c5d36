/// The pure logic of a saga: given what the log says, what happens next.
///
/// - Forward: the first step whose action has not succeeded runs (again, if it was in flight when
///   its runner died: the idempotency key makes the re-run safe). A step after the pivot that failed
///   runs again after a growing backoff, forever.
/// - A pivot that failed with an unknown outcome (``SagaStepFailure/maybeDone``) runs again the
///   same way: only a definite failure of it turns back.
/// - A step up to and including the pivot that failed turns the saga into compensation: every
///   step before it whose action succeeded, and the failed step itself if its effect may have
///   happened, is compensated in reverse order. A failed compensation is retried up to
///   ``SagaPolicy/compensationRetries`` times with linear backoff; one that is still failing is
///   left, the others still run, and the saga ends `failed_compensation`.
///
/// No clocks, no I/O: the executor performs the decisions and appends their outcomes to the log.
public struct SagaStateMachine: Sendable, Hashable {
    /// The steps, in order.
    public let steps: [SagaStepShape]
    public let policy: SagaPolicy

    public init(steps: [SagaStepShape], policy: SagaPolicy = SagaPolicy()) {
        self.steps = steps
        self.policy = policy
    }

    /// A fresh progress for these steps.
    public func emptyProgress() -> SagaProgress {
        SagaProgress(stepNames: steps.map(\.name))
    }

    /// The progress after replaying `log`.
    public func replay(_ log: some Sequence<SagaLogRecord>) -> SagaProgress {
        var progress = emptyProgress()
        progress.apply(log)
        return progress
    }

    /// The next thing to do.
    public func next(_ progress: SagaProgress) -> SagaDecision {
        for (i, step) in progress.steps.enumerated() {
            switch step.action {
            case .succeeded:
                continue
            case .notStarted, .inFlight:
                return .run(SagaInvocation(step: i, kind: .action, attempt: step.actionAttempts + 1), after: .zero)
            case .failed(let maybeDone):
                if retriesForward(i, maybeDone: maybeDone) {
                    let attempt = step.actionAttempts + 1
                    return .run(
                        SagaInvocation(step: i, kind: .action, attempt: attempt),
                        after: policy.forwardDelay(beforeAttempt: attempt)
                    )
                }
                return compensate(from: i, progress)
            }
        }
        return .finish(.completed)
    }

    /// The state the saga is in given its progress (running until ``next(_:)`` says finish).
    public func state(_ progress: SagaProgress) -> SagaState {
        if case .finish(let state) = next(progress) { return state }
        return .running
    }

    /// Whether the saga has turned to compensation.
    public func isCompensating(_ progress: SagaProgress) -> Bool {
        failedStepBeforePivot(progress) != nil
    }

    /// The steps a rollback compensates, in the order it does so.
    public func compensationOrder(from failed: Int, _ progress: SagaProgress) -> [Int] {
        stride(from: failed, through: 0, by: -1).filter { i in
            guard steps[i].hasCompensation else { return false }
            switch progress.steps[i].action {
            case .succeeded, .inFlight: return true
            case .failed(let maybeDone): return maybeDone
            case .notStarted: return false
            }
        }
    }

    private func compensate(from failed: Int, _ progress: SagaProgress) -> SagaDecision {
        var exhausted = false
        for i in compensationOrder(from: failed, progress) {
            let step = progress.steps[i]
            switch step.compensation {
            case .succeeded:
                continue
            case .notStarted, .inFlight:
                return .run(SagaInvocation(step: i, kind: .compensation, attempt: step.compensationAttempts + 1), after: .zero)
            case .failed:
                if step.compensationAttemptsInRound <= policy.compensationRetries {
                    return .run(
                        SagaInvocation(step: i, kind: .compensation, attempt: step.compensationAttempts + 1),
                        after: policy.compensationDelay(beforeAttempt: step.compensationAttemptsInRound + 1)
                    )
                }
                exhausted = true
            }
        }
        return .finish(exhausted ? .failedCompensation : .compensated)
    }

    /// The first failed step at or before the pivot, if any.
    func failedStepBeforePivot(_ progress: SagaProgress) -> Int? {
        for (i, step) in progress.steps.enumerated() {
            switch step.action {
            case .succeeded: continue
            case .failed(let maybeDone) where !retriesForward(i, maybeDone: maybeDone): return i
            default: return nil
            }
        }
        return nil
    }

    /// Whether a failure of step `i` is retried forward rather than compensated: always after the
    /// pivot, and at the pivot while its outcome is unknown. Compensating a pivot that may have
    /// happened (a capture whose answer timed out) would undo the steps before a point of no
    /// return already passed; retrying it with the same idempotency key finds out instead.
    private func retriesForward(_ i: Int, maybeDone: Bool) -> Bool {
        switch steps[i].kind {
        case .retriedUntilSuccess: true
        case .pivot: maybeDone
        case .compensatable: false
        }
    }

    /// Why `steps` is not a valid saga, or `nil` if it is.
    public static func validate(_ steps: [SagaStepShape]) -> String? {
        guard !steps.isEmpty else { return "a saga needs at least one step" }
        guard Set(steps.map(\.name)).count == steps.count else { return "step names must be unique" }
        var seenPivot = false
        for step in steps {
            switch step.kind {
            case .compensatable:
                if seenPivot { return "step \(step.name) after the pivot must be retried until success" }
            case .pivot:
                if seenPivot { return "a saga has at most one pivot" }
                if step.hasCompensation { return "the pivot \(step.name) has no compensation" }
                seenPivot = true
            case .retriedUntilSuccess:
                if step.hasCompensation { return "step \(step.name) is retried until success and has no compensation" }
            }
        }
        return nil
    }
}
