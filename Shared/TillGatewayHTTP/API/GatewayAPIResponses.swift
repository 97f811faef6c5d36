import TillPayments

/// `200` of `POST /v1/authorizations`.
public struct AuthorizationBody: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The gateway's id of the authorization.
    public var authorizationID: String
    /// Always `authorized`.
    public var state: PaymentState
    /// The amount held, in minor units.
    public var amount: Int64
    /// ISO 4217 code.
    public var currency: String
    /// The issuer's AVS and CVV answers.
    public var checks: AuthorizationChecks

    /// Creates a body.
    public init(paymentID: String, authorizationID: String, state: PaymentState, amount: Int64, currency: String, checks: AuthorizationChecks) {
        self.paymentID = paymentID
        self.authorizationID = authorizationID
        self.state = state
        self.amount = amount
        self.currency = currency
        self.checks = checks
    }

    private enum CodingKeys: String, CodingKey {
        case paymentID = "payment_id"
        case authorizationID = "authorization_id"
        case state, amount, currency, checks
    }
}

/// `200` of capture and void, and of `GET /v1/payments/{payment_id}`: the payment as the gateway
/// knows it.
public struct PaymentBody: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The order paid for.
    public var orderID: String
    /// The gateway's state of the payment.
    public var state: PaymentState
    /// The authorization, absent when the payment was declined.
    public var authorizationID: String?
    /// The authorized (requested, if declined) amount in minor units.
    public var amount: Int64
    /// ISO 4217 code.
    public var currency: String
    /// Captured so far.
    public var capturedAmount: Int64
    /// Refunded so far.
    public var refundedAmount: Int64
    /// When the payment was created (Unix seconds).
    public var createdAt: Int64
    /// When it last changed state (Unix seconds).
    public var updatedAt: Int64

    /// Creates a body.
    public init(
        paymentID: String, orderID: String, state: PaymentState, authorizationID: String?, amount: Int64,
        currency: String, capturedAmount: Int64, refundedAmount: Int64, createdAt: Int64, updatedAt: Int64
    ) {
        self.paymentID = paymentID
        self.orderID = orderID
        self.state = state
        self.authorizationID = authorizationID
        self.amount = amount
        self.currency = currency
        self.capturedAmount = capturedAmount
        self.refundedAmount = refundedAmount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    private enum CodingKeys: String, CodingKey {
        case paymentID = "payment_id"
        case orderID = "order_id"
        case state
        case authorizationID = "authorization_id"
        case amount, currency
        case capturedAmount = "captured_amount"
        case refundedAmount = "refunded_amount"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// `200` of `POST /v1/payments/{payment_id}/refunds`.
public struct RefundResultBody: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The gateway's id of this refund.
    public var refundID: String
    /// What this refund returned, in minor units.
    public var amount: Int64
    /// ISO 4217 code.
    public var currency: String
    /// Everything refunded on the payment so far, this refund included.
    public var refundedAmount: Int64
    /// `partially_refunded` or `refunded`.
    public var state: PaymentState

    /// Creates a body.
    public init(paymentID: String, refundID: String, amount: Int64, currency: String, refundedAmount: Int64, state: PaymentState) {
        self.paymentID = paymentID
        self.refundID = refundID
        self.amount = amount
        self.currency = currency
        self.refundedAmount = refundedAmount
        self.state = state
    }

    private enum CodingKeys: String, CodingKey {
        case paymentID = "payment_id"
        case refundID = "refund_id"
        case amount, currency
        case refundedAmount = "refunded_amount"
        case state
    }
}

/// Every non-2xx answer: `{"error": {"code", "message", …}}`.
public struct ErrorEnvelope: Codable, Sendable, Hashable {
    /// The error.
    public var error: ErrorBody

    /// Wraps `error`.
    public init(error: ErrorBody) {
        self.error = error
    }
}

/// The `error` object of a non-2xx answer. `code` uses the spelling of ``PaymentError/Code``.
public struct ErrorBody: Codable, Sendable, Hashable {
    /// `card_declined`, `insufficient_funds`, `authentication_required`, `invalid_state`,
    /// `not_found`, `idempotency_conflict`, `bad_request`, `unavailable`.
    public var code: String
    /// For people; never card data.
    public var message: String
    /// The issuer's reason for a decline.
    public var declineCode: String?
    /// Where the customer completes 3-D Secure (`authentication_required`).
    public var challengeURL: String?
    /// The payment's state (`invalid_state`).
    public var state: String?
    /// The offending field (`bad_request`).
    public var field: String?

    /// Creates a body.
    public init(
        code: String, message: String, declineCode: String? = nil, challengeURL: String? = nil,
        state: String? = nil, field: String? = nil
    ) {
        self.code = code
        self.message = message
        self.declineCode = declineCode
        self.challengeURL = challengeURL
        self.state = state
        self.field = field
    }

    private enum CodingKeys: String, CodingKey {
        case code, message
        case declineCode = "decline_code"
        case challengeURL = "challenge_url"
        case state, field
    }
}
