import TillWire

/// How a step's action or compensation failed, as its closure reports it.
///
/// `retryWithinStep` asks the executor to try again while the step's timeout allows (transport
/// errors, `unavailable`, `overloaded`, `idempotency_in_progress`); `maybeDone` says the effect may
/// have happened anyway (the request may have reached the service), so the step must be
/// compensated if the saga rolls back.
public struct SagaStepFailure: Error, Sendable, Hashable {
    /// The error as the saga's view and log show it.
    public var error: WireError
    /// Whether another attempt within the step's timeout may succeed.
    public var retryWithinStep: Bool
    /// Whether the effect may have happened despite the failure.
    public var maybeDone: Bool

    public init(_ error: WireError, retryWithinStep: Bool, maybeDone: Bool) {
        self.error = error
        self.retryWithinStep = retryWithinStep
        self.maybeDone = maybeDone
    }

    /// A definite refusal: nothing happened, nothing to retry (a declined card).
    public static func refused(_ error: WireError) -> SagaStepFailure {
        SagaStepFailure(error, retryWithinStep: false, maybeDone: false)
    }

    /// The step's timeout ran out: the effect may or may not have happened.
    static let timedOut = SagaStepFailure(
        WireError(.deadlineExceeded, "the step's timeout passed"),
        retryWithinStep: false,
        maybeDone: true
    )
}
