import TillResilience
import TillWire

/// One step of a saga definition: an action, an optional compensation, and how to retry them.
public struct SagaStep<Input: Sendable>: Sendable {
    /// An action: does the step's work and returns what later steps (or the view) need to know.
    public typealias Action = @Sendable (SagaStepCall<Input>) async throws(SagaStepFailure) -> JSONValue
    /// A compensation: undoes the action; must tolerate an action that never happened.
    public typealias Compensation = @Sendable (SagaStepCall<Input>) async throws(SagaStepFailure) -> Void

    /// The step's name, unique in its saga; also the suffix of its idempotency key.
    public var name: String
    /// The step's role (before the pivot, the pivot, after it).
    public var kind: SagaStepKind
    /// The work.
    public var action: Action
    /// The compensation's name (`release_inventory`) and work, if the action can be undone.
    public var compensation: (name: String, run: Compensation)?
    /// How one attempt retries failures marked ``SagaStepFailure/retryWithinStep`` before its timeout.
    public var retryPolicy: RetryPolicy
    /// How long one attempt (its retries included) may take before it counts as failed and maybe done.
    public var timeout: Duration
    /// Whether the action and compensation end by ``SagaStepCall/deadline`` on their own (they
    /// send ``SagaStepCall/remainingBudget`` as their requests' deadlines, and a request past it
    /// fails as maybe done). The executor then runs them without a racing timer: one child task
    /// and one timer fewer per attempt. Unset, the executor bounds them whatever they do.
    public var honoursDeadline: Bool

    public init(
        name: String,
        kind: SagaStepKind = .compensatable,
        timeout: Duration = .seconds(10),
        retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 100, baseDelay: .milliseconds(50), maxDelay: .seconds(1)),
        honoursDeadline: Bool = false,
        action: @escaping Action,
        compensation: (name: String, run: Compensation)? = nil
    ) {
        self.name = name
        self.kind = kind
        self.timeout = timeout
        self.honoursDeadline = honoursDeadline
        self.retryPolicy = retryPolicy
        self.action = action
        self.compensation = compensation
    }

    /// What the state machine sees of this step.
    public var shape: SagaStepShape {
        SagaStepShape(name: name, hasCompensation: compensation != nil, kind: kind)
    }
}
