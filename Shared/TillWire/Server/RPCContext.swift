import Logging

/// What a method handler knows about the request it serves.
public struct RPCContext: Sendable {
    /// The method called, e.g. `inventory.reserve`.
    public var method: String
    /// The request id the client chose (unique among its in-flight requests on the connection).
    public var requestID: UInt64
    /// The authenticated client name from the hello.
    public var clientName: String
    /// The request's `idempotency_key`, if any.
    public var idempotencyKey: String?
    /// The request's `trace_id`, if any; pass it to every downstream call.
    public var traceID: String?
    /// When the caller stops waiting (from `deadline_ms`), or `nil` if it sent no budget.
    public var deadline: ContinuousClock.Instant?
    /// A logger carrying `trace_id` and `rpc.method` metadata.
    public var logger: Logger

    /// A context; the server builds one per request (tests of handlers build their own).
    public init(
        method: String,
        requestID: UInt64,
        clientName: String,
        idempotencyKey: String? = nil,
        traceID: String? = nil,
        deadline: ContinuousClock.Instant? = nil,
        logger: Logger
    ) {
        self.method = method
        self.requestID = requestID
        self.clientName = clientName
        self.idempotencyKey = idempotencyKey
        self.traceID = traceID
        self.deadline = deadline
        self.logger = logger
    }

    /// The budget left before the deadline (never negative), or `nil` when unbounded.
    /// Pass it downstream as the `deadline:` of the next call.
    public var remainingBudget: Duration? {
        guard let deadline else { return nil }
        let remaining = deadline - ContinuousClock.now
        return remaining > .zero ? remaining : .zero
    }

    /// Whether the deadline has passed.
    public var isPastDeadline: Bool {
        guard let deadline else { return false }
        return ContinuousClock.now >= deadline
    }
}
