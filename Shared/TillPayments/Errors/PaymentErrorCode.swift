extension PaymentError {
    /// What went wrong, one-to-one with a wire error code of the same spelling.
    ///
    /// Whether an error is retriable is a property of its code alone, so that retry (``RetryPolicy``),
    /// idempotency (a retriable failure clears the record) and the saga (retriable → retry,
    /// otherwise compensate) always agree.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, CaseIterable {
            case network
            case timeout
            case rateLimited = "rate_limited"
            case unavailable
            case deadlineExceeded = "deadline_exceeded"
            case idempotencyInProgress = "idempotency_in_progress"
            case cardDeclined = "card_declined"
            case insufficientFunds = "insufficient_funds"
            case fraudBlocked = "fraud_blocked"
            case authenticationRequired = "authentication_required"
            case idempotencyConflict = "idempotency_conflict"
            case sagaCompensationFailed = "saga_compensation_failed"
            case invalidState = "invalid_state"
            case notFound = "not_found"
            case badRequest = "bad_request"
            case `internal`
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The gateway could not be reached or dropped the connection. Retriable.
        public static var network: Code { Code(.network) }
        /// The gateway did not answer in time; the operation's outcome is unknown. Retriable with
        /// the same idempotency key, never as a new charge.
        public static var timeout: Code { Code(.timeout) }
        /// Too many requests for this key; `details.retry_after_ms` says when to come back. Retriable.
        public static var rateLimited: Code { Code(.rateLimited) }
        /// A dependency (Redis, the gateway) is down or its circuit is open. Retriable.
        public static var unavailable: Code { Code(.unavailable) }
        /// The caller's budget ran out. Retriable.
        public static var deadlineExceeded: Code { Code(.deadlineExceeded) }
        /// The same idempotency key is being processed right now. Retriable.
        public static var idempotencyInProgress: Code { Code(.idempotencyInProgress) }
        /// The issuer declined the card. Final.
        public static var cardDeclined: Code { Code(.cardDeclined) }
        /// The card's balance does not cover the amount. Final.
        public static var insufficientFunds: Code { Code(.insufficientFunds) }
        /// The fraud screen blocked the payment. Final.
        public static var fraudBlocked: Code { Code(.fraudBlocked) }
        /// 3-D Secure step-up is needed; `details.challenge_url` is where. Final for this request.
        public static var authenticationRequired: Code { Code(.authenticationRequired) }
        /// The idempotency key was used before with different parameters. Final.
        public static var idempotencyConflict: Code { Code(.idempotencyConflict) }
        /// A saga could not undo its completed steps; someone must look. Final.
        public static var sagaCompensationFailed: Code { Code(.sagaCompensationFailed) }
        /// The payment is not in a state that allows the operation. Final.
        public static var invalidState: Code { Code(.invalidState) }
        /// No such payment. Final.
        public static var notFound: Code { Code(.notFound) }
        /// A parameter is missing or malformed; `details.field` names it. Final.
        public static var badRequest: Code { Code(.badRequest) }
        /// A bug. Final.
        public static var `internal`: Code { Code(.internal) }

        /// Every code, for exhaustive tests and documentation.
        public static var allCases: [Code] { Base.allCases.map(Code.init) }

        /// The wire spelling, e.g. `card_declined`.
        public var rawValue: String { base.rawValue }

        /// Whether a request that failed with this code may succeed if sent again later.
        public var isRetriable: Bool {
            switch base {
            case .network, .timeout, .rateLimited, .unavailable, .deadlineExceeded, .idempotencyInProgress:
                true
            case .cardDeclined, .insufficientFunds, .fraudBlocked, .authenticationRequired, .idempotencyConflict,
                .sagaCompensationFailed, .invalidState, .notFound, .badRequest, .internal:
                false
            }
        }

        public var description: String { rawValue }
    }
}
