/// A tokenized card, as the services see it: never a card number.
public struct CardToken: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// The token `rawValue` (e.g. `tok_visa`).
    public init(rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }
}

/// Ask the gateway to hold `amount` on a card.
public struct AuthorizationRequest: Sendable, Hashable {
    /// Till's payment id; the gateway files the authorization under it.
    public var paymentID: String
    /// The order paid for.
    public var orderID: String
    /// The amount to hold.
    public var amount: Money
    /// The card.
    public var cardToken: CardToken
    /// The customer's id.
    public var customerID: String
    /// The customer's e-mail, for the gateway's own screening and receipts.
    public var email: String?
    /// ISO 3166 alpha-2 billing country (AVS).
    public var billingCountry: String
    /// Sent as the gateway's `Idempotency-Key`: a retried or taken-over call never authorizes twice.
    public var idempotencyKey: String

    /// Creates a request.
    public init(
        paymentID: String, orderID: String, amount: Money, cardToken: CardToken,
        customerID: String, email: String? = nil, billingCountry: String, idempotencyKey: String
    ) {
        self.paymentID = paymentID
        self.orderID = orderID
        self.amount = amount
        self.cardToken = cardToken
        self.customerID = customerID
        self.email = email
        self.billingCountry = billingCountry
        self.idempotencyKey = idempotencyKey
    }
}

/// Ask the gateway to capture an authorization, fully (`amount == nil`) or partly.
public struct CaptureRequest: Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The authorization to capture.
    public var authorizationID: String
    /// The amount to capture, at most the authorized amount; `nil` captures all of it.
    public var amount: Money?
    /// The gateway's `Idempotency-Key`.
    public var idempotencyKey: String

    /// Creates a request.
    public init(paymentID: String, authorizationID: String, amount: Money? = nil, idempotencyKey: String) {
        self.paymentID = paymentID
        self.authorizationID = authorizationID
        self.amount = amount
        self.idempotencyKey = idempotencyKey
    }
}

/// Ask the gateway to release an authorization.
public struct VoidRequest: Sendable, Hashable {
    /// The payment. Enough on its own: a void after an unanswered authorization (`unknown`) has no
    /// authorization id, and the gateway finds the authorization by payment id.
    public var paymentID: String
    /// The authorization, when known.
    public var authorizationID: String?
    /// The gateway's `Idempotency-Key`.
    public var idempotencyKey: String

    /// Creates a request.
    public init(paymentID: String, authorizationID: String? = nil, idempotencyKey: String) {
        self.paymentID = paymentID
        self.authorizationID = authorizationID
        self.idempotencyKey = idempotencyKey
    }
}

/// Ask the gateway to refund captured money, fully (`amount == nil`: what is left) or partly.
public struct RefundRequest: Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The amount to refund; `nil` refunds what is left.
    public var amount: Money?
    /// Why, as the customer would be told.
    public var reason: String?
    /// The gateway's `Idempotency-Key`; each partial refund has its own.
    public var idempotencyKey: String

    /// Creates a request.
    public init(paymentID: String, amount: Money? = nil, reason: String? = nil, idempotencyKey: String) {
        self.paymentID = paymentID
        self.amount = amount
        self.reason = reason
        self.idempotencyKey = idempotencyKey
    }
}
