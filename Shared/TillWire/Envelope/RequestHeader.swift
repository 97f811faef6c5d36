/// A request's envelope fields; its `params` stay as raw JSON until the method's type decodes them.
///
/// `{"id": 42, "method": "inventory.reserve", "params": {…}, "idempotency_key": "…", "deadline_ms": 2000, "trace_id": "…"}`
struct RequestHeader: Sendable, Hashable {
    var id: UInt64
    var method: String
    /// The `params` object, or `nil` when absent (which means `{}`).
    var params: JSONSpan?
    var idempotencyKey: String?
    /// The caller's remaining budget in milliseconds.
    var deadlineMS: Int64?
    var traceID: String?

    static let maxIdempotencyKeyLength = 255
    static let maxTraceIDLength = 128

    /// The request id if it is an unsigned integer; without one nothing can be correlated.
    static func id(of frame: ParsedFrame) -> UInt64? {
        frame.unsignedInteger(frame.id)
    }

    /// Reads and validates the other fields; a violation is a `bad_request` naming the field.
    init(id: UInt64, frame: ParsedFrame) throws(WireError) {
        self.id = id
        guard let method = frame.string(frame.method), !method.isEmpty else {
            throw .badRequest(field: "method", "method must be a non-empty string")
        }
        self.method = method

        switch frame.params?.kind {
        case nil, .null?: params = nil
        case .object?: params = frame.params
        default: throw .badRequest(field: "params", "params must be an object")
        }

        if let span = frame.idempotencyKey, span.kind != .null {
            guard let key = frame.string(span), (1...Self.maxIdempotencyKeyLength).contains(key.count) else {
                throw .badRequest(field: "idempotency_key", "idempotency_key must be a string of 1 to 255 characters")
            }
            idempotencyKey = key
        }

        if let span = frame.deadlineMS, span.kind != .null {
            guard let budget = frame.integer(span), budget >= 0 else {
                throw .badRequest(field: "deadline_ms", "deadline_ms must be a non-negative integer")
            }
            deadlineMS = budget
        }

        if let span = frame.traceID, span.kind != .null {
            // Printable ASCII only: the trace id lands in every log line of the request.
            guard let trace = frame.string(span), (1...Self.maxTraceIDLength).contains(trace.utf8.count),
                trace.utf8.allSatisfy({ (0x21...0x7E).contains($0) })
            else {
                throw .badRequest(field: "trace_id", "trace_id must be 1 to 128 printable ASCII characters")
            }
            traceID = trace
        }
    }

    init(
        id: UInt64,
        method: String,
        params: JSONSpan? = nil,
        idempotencyKey: String? = nil,
        deadlineMS: Int64? = nil,
        traceID: String? = nil
    ) {
        self.id = id
        self.method = method
        self.params = params
        self.idempotencyKey = idempotencyKey
        self.deadlineMS = deadlineMS
        self.traceID = traceID
    }
}
