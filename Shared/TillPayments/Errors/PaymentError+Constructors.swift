import TillResilience
import TillWire

extension PaymentError {
    /// The gateway could not be reached, or dropped the connection without an answer.
    public static func network(
        _ message: String, underlying: (any Error)? = nil, file: String = #fileID, line: Int = #line
    ) -> PaymentError {
        PaymentError(.network, message, underlying: underlying, file: file, line: line)
    }

    /// The gateway did not answer in time.
    public static func timeout(
        _ message: String, underlying: (any Error)? = nil, file: String = #fileID, line: Int = #line
    ) -> PaymentError {
        PaymentError(.timeout, message, underlying: underlying, file: file, line: line)
    }

    /// The rate limit refused the request; the caller may retry after `retryAfterMilliseconds`.
    public static func rateLimited(retryAfterMilliseconds: Int64, file: String = #fileID, line: Int = #line) -> PaymentError {
        PaymentError(
            .rateLimited, "rate limit exceeded; retry after \(retryAfterMilliseconds) ms",
            details: ["retry_after_ms": .integer(retryAfterMilliseconds)], file: file, line: line
        )
    }

    /// A dependency is down.
    public static func unavailable(
        _ message: String, underlying: (any Error)? = nil, file: String = #fileID, line: Int = #line
    ) -> PaymentError {
        PaymentError(.unavailable, message, underlying: underlying, file: file, line: line)
    }

    /// The dependency's circuit is open.
    public static func unavailable(_ error: CircuitOpenError, file: String = #fileID, line: Int = #line) -> PaymentError {
        PaymentError(
            .unavailable, "\(error.breaker) is unavailable (circuit open)",
            details: ["retry_after_ms": .integer(error.retryAfterMilliseconds)], underlying: error, file: file, line: line
        )
    }

    /// The caller's deadline passed.
    public static func deadlineExceeded(
        _ message: String = "deadline exceeded", file: String = #fileID, line: Int = #line
    ) -> PaymentError {
        PaymentError(.deadlineExceeded, message, file: file, line: line)
    }

    /// The same idempotency key is being processed.
    public static func idempotencyInProgress(file: String = #fileID, line: Int = #line) -> PaymentError {
        PaymentError(.idempotencyInProgress, "a request with this idempotency key is in progress", file: file, line: line)
    }

    /// The issuer declined; `declineCode` is the gateway's reason code, if it gave one.
    public static func cardDeclined(
        _ message: String = "card declined", declineCode: String? = nil, file: String = #fileID, line: Int = #line
    ) -> PaymentError {
        PaymentError(.cardDeclined, message, details: declineCode.map { ["decline_code": .string($0)] } ?? [:], file: file, line: line)
    }

    /// The card's balance is too low.
    public static func insufficientFunds(
        _ message: String = "insufficient funds", file: String = #fileID, line: Int = #line
    ) -> PaymentError {
        PaymentError(.insufficientFunds, message, file: file, line: line)
    }

    /// The fraud screen blocked the payment; `rule` is the blocking rule's name.
    public static func fraudBlocked(rule: String, file: String = #fileID, line: Int = #line) -> PaymentError {
        PaymentError(.fraudBlocked, "payment blocked by fraud rule \(rule)", details: ["rule": .string(rule)], file: file, line: line)
    }

    /// 3-D Secure step-up is required at `challengeURL`.
    public static func authenticationRequired(challengeURL: String, file: String = #fileID, line: Int = #line) -> PaymentError {
        PaymentError(
            .authenticationRequired, "customer authentication required",
            details: ["challenge_url": .string(challengeURL)], file: file, line: line
        )
    }

    /// The idempotency key was used with different parameters.
    public static func idempotencyConflict(file: String = #fileID, line: Int = #line) -> PaymentError {
        PaymentError(.idempotencyConflict, "idempotency key reused with different parameters", file: file, line: line)
    }

    /// A saga's compensation failed for good.
    public static func sagaCompensationFailed(
        _ message: String, underlying: (any Error)? = nil, file: String = #fileID, line: Int = #line
    ) -> PaymentError {
        PaymentError(.sagaCompensationFailed, message, underlying: underlying, file: file, line: line)
    }

    /// The operation is not allowed in the payment's state `state`.
    public static func invalidState(_ message: String, state: String? = nil, file: String = #fileID, line: Int = #line) -> PaymentError {
        PaymentError(.invalidState, message, details: state.map { ["state": .string($0)] } ?? [:], file: file, line: line)
    }

    /// No such payment (or other entity).
    public static func notFound(_ message: String, file: String = #fileID, line: Int = #line) -> PaymentError {
        PaymentError(.notFound, message, file: file, line: line)
    }

    /// `field` (a JSON path such as `customer.email`) is missing or malformed.
    public static func badRequest(field: String, _ message: String, file: String = #fileID, line: Int = #line) -> PaymentError {
        PaymentError(.badRequest, message, details: ["field": .string(field)], file: file, line: line)
    }

    /// A bug.
    public static func `internal`(
        _ message: String, underlying: (any Error)? = nil, file: String = #fileID, line: Int = #line
    ) -> PaymentError {
        PaymentError(.internal, message, underlying: underlying, file: file, line: line)
    }
}
