import TillWire

/// A saga as data: its ordered steps and the policy for compensations and forward retries.
///
/// ```swift
/// let definition = SagaDefinition<Order>(name: "checkout", steps: [reserve, authorize, ship, capture, commit])
/// ```
///
/// Steps before the pivot are ``SagaStepKind/compensatable``, at most one step is the
/// ``SagaStepKind/pivot``, and every step after it is ``SagaStepKind/retriedUntilSuccess``.
public struct SagaDefinition<Input: Codable & Sendable>: Sendable {
    /// The saga's kind, e.g. `checkout`; names its index keys.
    public var name: String
    /// The steps, in order.
    public var steps: [SagaStep<Input>]
    /// The retry and backoff policy the state machine applies.
    public var policy: SagaPolicy
    /// What the saga's record shows besides the steps (ids, totals), from the input and the
    /// outputs so far; stored with every log append so that a read needs no replay.
    public var context: @Sendable (_ sagaID: String, _ input: Input, _ outputs: [String: JSONValue]) -> JSONValue
    /// Fields added to every `saga.*` event (e.g. `order_id`).
    public var eventFields: @Sendable (_ sagaID: String) -> [String: JSONValue]

    /// - Precondition: the steps have unique names and the order described above.
    public init(
        name: String,
        steps: [SagaStep<Input>],
        policy: SagaPolicy = SagaPolicy(),
        context: @escaping @Sendable (_ sagaID: String, _ input: Input, _ outputs: [String: JSONValue]) -> JSONValue = { _, _, _ in [:] },
        eventFields: @escaping @Sendable (_ sagaID: String) -> [String: JSONValue] = { _ in [:] }
    ) {
        precondition(SagaStateMachine.validate(steps.map(\.shape)) == nil, "invalid saga \(name): \(SagaStateMachine.validate(steps.map(\.shape)) ?? "")")
        self.name = name
        self.steps = steps
        self.policy = policy
        self.context = context
        self.eventFields = eventFields
    }

    /// The pure state machine of this definition.
    public var stateMachine: SagaStateMachine {
        SagaStateMachine(steps: steps.map(\.shape), policy: policy)
    }
}
