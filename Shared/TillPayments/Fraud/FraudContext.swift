/// When a rule runs relative to the gateway call.
public enum FraudPhase: String, Sendable, Hashable, CaseIterable {
    /// Before any gateway call: blocklist, velocity, country mismatch, high amount.
    case beforeAuthorization = "before_authorization"
    /// After the gateway authorized, judging its AVS/CVV answer (`avs_cvv`).
    case afterAuthorization = "after_authorization"
}

/// What the fraud rules know about a payment.
public struct FraudContext: Sendable, Hashable {
    /// The payment being screened.
    public var paymentID: String
    /// The order it pays for.
    public var orderID: String
    /// The customer's id (velocity is counted per customer).
    public var customerID: String
    /// The customer's e-mail address.
    public var email: String
    /// The client's IP address, if known.
    public var ip: String?
    /// The amount.
    public var amount: Money
    /// ISO 3166 alpha-2 country of the billing address.
    public var billingCountry: String
    /// ISO 3166 alpha-2 country that issued the card, if known.
    public var cardCountry: String?
    /// The gateway's AVS/CVV answer; present only after authorization.
    public var authorizationChecks: AuthorizationChecks?

    /// Creates a context.
    public init(
        paymentID: String,
        orderID: String,
        customerID: String,
        email: String,
        ip: String? = nil,
        amount: Money,
        billingCountry: String,
        cardCountry: String? = nil,
        authorizationChecks: AuthorizationChecks? = nil
    ) {
        self.paymentID = paymentID
        self.orderID = orderID
        self.customerID = customerID
        self.email = email
        self.ip = ip
        self.amount = amount
        self.billingCountry = billingCountry
        self.cardCountry = cardCountry
        self.authorizationChecks = authorizationChecks
    }
}
