/// What one call made by `till-test-worker` ended with.
public struct WorkerOutcome: Codable, Sendable, Hashable {
    /// Whether the call succeeded.
    public var ok: Bool
    /// The scenario's result text on success (e.g. the canonical JSON of an idempotent result).
    public var value: String?
    /// The wire error code on failure (`idempotency_in_progress`, `unavailable`, `rate_limited`).
    public var code: String?
    /// `retry_after_ms` of a refusal, when it carries one.
    public var retryAfterMilliseconds: Int64?

    /// A success with `value`.
    public static func success(_ value: String? = nil) -> WorkerOutcome {
        WorkerOutcome(ok: true, value: value)
    }

    /// A failure with wire error `code`.
    public static func failure(_ code: String, retryAfterMilliseconds: Int64? = nil) -> WorkerOutcome {
        WorkerOutcome(ok: false, code: code, retryAfterMilliseconds: retryAfterMilliseconds)
    }

    /// Creates an outcome.
    public init(ok: Bool, value: String? = nil, code: String? = nil, retryAfterMilliseconds: Int64? = nil) {
        self.ok = ok
        self.value = value
        self.code = code
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }
}

/// Everything `till-test-worker` reports: one outcome per call, in no particular order. It is
/// printed as the last line of the worker's output.
public struct WorkerReport: Codable, Sendable, Hashable {
    /// The outcomes.
    public var outcomes: [WorkerOutcome]

    /// Creates a report.
    public init(outcomes: [WorkerOutcome]) {
        self.outcomes = outcomes
    }
}
