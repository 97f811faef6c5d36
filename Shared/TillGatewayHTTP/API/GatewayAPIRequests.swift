/// The JSON bodies of the gateway's HTTP API (`docs/GATEWAY-SIM.md`): one definition shared by
/// ``HTTPGateway`` (the client) and `TillGatewaySim` (the server), so the two cannot drift apart.
///
/// Money travels as `amount` (Int64 minor units) and `currency` (ISO 4217) side by side. The
/// bodies are `Hashable` because the simulator compares a replayed request with the first one to
/// tell a replay from an idempotency-key conflict.

/// `POST /v1/authorizations`.
public struct AuthorizeBody: Codable, Sendable, Hashable {
    /// Till's payment id; the gateway files the authorization under it.
    public var paymentID: String
    /// The order paid for.
    public var orderID: String
    /// The amount to hold, in minor units.
    public var amount: Int64
    /// ISO 4217 code.
    public var currency: String
    /// The card token (a test card: `tok_visa`, `tok_declined`, …).
    public var cardToken: String
    /// The customer's id.
    public var customerID: String
    /// The customer's e-mail.
    public var email: String?
    /// ISO 3166 alpha-2 billing country.
    public var billingCountry: String

    /// Creates a body.
    public init(
        paymentID: String, orderID: String, amount: Int64, currency: String, cardToken: String,
        customerID: String, email: String?, billingCountry: String
    ) {
        self.paymentID = paymentID
        self.orderID = orderID
        self.amount = amount
        self.currency = currency
        self.cardToken = cardToken
        self.customerID = customerID
        self.email = email
        self.billingCountry = billingCountry
    }

    private enum CodingKeys: String, CodingKey {
        case paymentID = "payment_id"
        case orderID = "order_id"
        case amount, currency
        case cardToken = "card_token"
        case customerID = "customer_id"
        case email
        case billingCountry = "billing_country"
    }
}

/// `POST /v1/payments/{payment_id}/capture`.
public struct CaptureBody: Codable, Sendable, Hashable {
    /// The authorization to capture.
    public var authorizationID: String
    /// The amount to capture in minor units; `nil` captures all of it.
    public var amount: Int64?
    /// The currency of `amount`; must be the authorization's.
    public var currency: String?

    /// Creates a body.
    public init(authorizationID: String, amount: Int64?, currency: String?) {
        self.authorizationID = authorizationID
        self.amount = amount
        self.currency = currency
    }

    private enum CodingKeys: String, CodingKey {
        case authorizationID = "authorization_id"
        case amount, currency
    }
}

/// `POST /v1/payments/{payment_id}/void`.
public struct VoidBody: Codable, Sendable, Hashable {
    /// The authorization, when the caller knows it; the payment id alone is enough.
    public var authorizationID: String?

    /// Creates a body.
    public init(authorizationID: String?) {
        self.authorizationID = authorizationID
    }

    private enum CodingKeys: String, CodingKey {
        case authorizationID = "authorization_id"
    }
}

/// `POST /v1/payments/{payment_id}/refunds`.
public struct RefundBody: Codable, Sendable, Hashable {
    /// The amount to refund in minor units; `nil` refunds what is left.
    public var amount: Int64?
    /// The currency of `amount`; must be the payment's.
    public var currency: String?
    /// Why, as the customer would be told.
    public var reason: String?

    /// Creates a body.
    public init(amount: Int64?, currency: String?, reason: String?) {
        self.amount = amount
        self.currency = currency
        self.reason = reason
    }
}
