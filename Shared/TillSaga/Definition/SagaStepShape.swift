/// What the state machine needs to know about a step: no closures, no I/O.
public struct SagaStepShape: Sendable, Hashable {
    /// The step's name, unique in its saga (`reserve_inventory`).
    public var name: String
    /// Whether an action's effect can be undone by a compensation.
    public var hasCompensation: Bool
    /// The step's role.
    public var kind: SagaStepKind

    public init(name: String, hasCompensation: Bool, kind: SagaStepKind) {
        self.name = name
        self.hasCompensation = hasCompensation
        self.kind = kind
    }
}
