import TillWire

/// A saga as its record shows it: enough for a view, without replaying the log.
public struct SagaRecord: Sendable, Hashable {
    public var sagaID: String
    public var state: SagaState
    public var steps: [SagaStepView]
    /// What the definition adds (ids, totals).
    public var context: JSONValue
    /// Unix seconds.
    public var createdAt: Int64
    /// Unix seconds.
    public var updatedAt: Int64

    public init(sagaID: String, state: SagaState, steps: [SagaStepView], context: JSONValue, createdAt: Int64, updatedAt: Int64) {
        self.sagaID = sagaID
        self.state = state
        self.steps = steps
        self.context = context
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A saga this process now owns: what the executor needs to resume it.
public struct SagaOwnership: Sendable, Hashable {
    public var sagaID: String
    /// The fencing token (lease generation) every append must present.
    public var token: String
    /// The saga's input as stored (JSON).
    public var input: String
    public var traceID: String?
    /// Unix seconds.
    public var createdAt: Int64
    /// The log so far.
    public var log: [SagaLogRecord]
}
