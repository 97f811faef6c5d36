import TillWire

/// A request refused by a ``RateLimiter``: `rate_limited` on the wire, retriable after
/// ``retryAfterMilliseconds`` (`details.retry_after_ms`).
///
/// The limited key (a customer id) is deliberately not part of the error: it would end up in
/// responses and logs that do not need it.
public struct RateLimitedError: RetriableError, WireErrorConvertible, Sendable, Hashable, CustomStringConvertible {
    /// How long until the same request would be admitted, rounded up to whole milliseconds.
    public var retryAfterMilliseconds: Int64

    /// Creates the error.
    public init(retryAfterMilliseconds: Int64) {
        self.retryAfterMilliseconds = retryAfterMilliseconds
    }

    public var isRetriable: Bool { true }

    public var wireError: WireError {
        WireError(.rateLimited, description, details: ["retry_after_ms": .integer(retryAfterMilliseconds)])
    }

    public var description: String { "rate limit exceeded; retry after \(retryAfterMilliseconds) ms" }
}

extension RateLimiter {
    /// Admits one request of `cost` units for `key`, or throws ``RateLimitedError``.
    /// - Returns: The admitting decision (for `remaining` and reset headers).
    @discardableResult
    public func enforce(key: String, cost: Int64 = 1) async throws -> GCRADecision {
        let decision = try await acquire(key: key, cost: cost)
        guard decision.allowed else { throw RateLimitedError(retryAfterMilliseconds: decision.retryAfterMilliseconds) }
        return decision
    }
}
