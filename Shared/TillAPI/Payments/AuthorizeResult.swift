/// The result of `payments.authorize`: `state` is `authorized`.
public struct AuthorizeResult: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// `authorized`.
    public var state: String
    /// The gateway's id of the hold.
    public var authorizationID: String
    /// What the fraud screen decided, rule by rule.
    public var fraud: FraudReport

    /// Creates a result.
    public init(paymentID: String, state: String = "authorized", authorizationID: String, fraud: FraudReport) {
        self.paymentID = paymentID
        self.state = state
        self.authorizationID = authorizationID
        self.fraud = fraud
    }

    enum CodingKeys: String, CodingKey {
        case state, fraud
        case paymentID = "payment_id"
        case authorizationID = "authorization_id"
    }
}
