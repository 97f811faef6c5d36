/// One run of a step's action or compensation that the state machine asks for.
public struct SagaInvocation: Sendable, Hashable, CustomStringConvertible {
    /// Whether the action or the compensation runs.
    public enum Kind: Sendable, Hashable {
        case action
        case compensation
    }

    /// The step's index in the definition.
    public var step: Int
    public var kind: Kind
    /// The attempt number to log (1 for the first run).
    public var attempt: Int

    public init(step: Int, kind: Kind, attempt: Int) {
        self.step = step
        self.kind = kind
        self.attempt = attempt
    }

    public var description: String { "\(kind)(step \(step), attempt \(attempt))" }
}

/// What the executor should do next.
public enum SagaDecision: Sendable, Hashable {
    /// Run `invocation` after waiting `delay` (zero: at once).
    case run(SagaInvocation, after: Duration)
    /// Nothing is left to run: the saga ends in this state.
    case finish(SagaState)
}
