import TillWire

/// One step as a saga's view shows it: `{name, state, attempts, error?}`.
public struct SagaStepView: Codable, Sendable, Hashable {
    public var name: String
    public var state: SagaStepState
    /// Runs of the action plus runs of its compensation.
    public var attempts: Int
    public var error: WireError?

    public init(name: String, state: SagaStepState, attempts: Int, error: WireError? = nil) {
        self.name = name
        self.state = state
        self.attempts = attempts
        self.error = error
    }
}

extension SagaStateMachine {
    /// Every step's view given the progress. A step shows the error of its failing compensation,
    /// or else the error its action failed with.
    public func stepViews(_ progress: SagaProgress) -> [SagaStepView] {
        let ended = state(progress) != .running || isCompensating(progress)
        let exhaustedLimit = policy.compensationRetries + 1
        return zip(steps, progress.steps).map { shape, step in
            let attempts = step.actionAttempts + step.compensationAttempts
            let state: SagaStepState
            switch step.compensation {
            case .inFlight:
                state = .compensating
            case .succeeded:
                state = .compensated
            case .failed:
                state = step.compensationAttemptsInRound >= exhaustedLimit ? .compensationFailed : .compensating
            case .notStarted:
                switch step.action {
                case .notStarted: state = ended ? .skipped : .pending
                case .inFlight: state = .running
                case .succeeded: state = .succeeded
                case .failed: state = .failed
                }
            }
            // A failing compensation's error, else the action's own failure (kept once compensated).
            var error: WireError? = nil
            if case .failed = step.compensation { error = step.compensationError }
            if error == nil, case .failed = step.action { error = step.actionError }
            return SagaStepView(name: shape.name, state: state, attempts: attempts, error: error)
        }
    }
}
