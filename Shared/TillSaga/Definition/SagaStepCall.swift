import Logging
import TillWire

/// What a step's action or compensation is called with.
public struct SagaStepCall<Input: Sendable>: Sendable {
    /// The saga's id (`saga_<order_id>`).
    public var sagaID: String
    /// The step's name.
    public var step: String
    /// The saga's input, as it was started.
    public var input: Input
    /// The outputs of the steps that succeeded so far, by step name.
    public var outputs: [String: JSONValue]
    /// The attempt number in the log (1 on the first run; higher after a crash or a retry).
    public var attempt: Int
    /// The idempotency key to send with the step's request: `<saga_id>:<step>`, or
    /// `<saga_id>:<compensation>` (plus `:r<n>` after the `n`th operator re-drive).
    public var idempotencyKey: String
    /// When the step's timeout ends; send the remaining budget as the request's deadline.
    public var deadline: ContinuousClock.Instant
    /// The trace id the saga was started with.
    public var traceID: String?
    /// A logger carrying the saga id and step.
    public var logger: Logger

    /// The budget left before ``deadline`` (never negative).
    public var remainingBudget: Duration {
        let remaining = deadline - .now
        return remaining > .zero ? remaining : .zero
    }
}
