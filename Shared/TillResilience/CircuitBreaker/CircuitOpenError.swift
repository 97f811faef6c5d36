/// A call refused because its dependency's circuit is open (or half-open with its probe in flight).
///
/// Retriable: the dependency may be back after ``retryAfterMilliseconds``. Services answer it as
/// `unavailable`.
public struct CircuitOpenError: RetriableError, Sendable, Hashable, CustomStringConvertible {
    /// The breaker that refused, e.g. `gateway`.
    public var breaker: String
    /// How long until the breaker may admit a call again.
    public var retryAfterMilliseconds: Int64

    /// Creates the error.
    public init(breaker: String, retryAfterMilliseconds: Int64) {
        self.breaker = breaker
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    public var isRetriable: Bool { true }

    public var description: String {
        "circuit \(breaker) is open; retry after \(retryAfterMilliseconds) ms"
    }
}
