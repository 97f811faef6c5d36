/// `payments.authorize` params. The call also needs the envelope's `idempotency_key`.
public struct AuthorizeParams: Codable, Sendable, Hashable {
    /// Till's id of the payment (one per order in a checkout).
    public var paymentID: String
    /// The order paid for.
    public var orderID: String
    /// Minor units of `currency`.
    public var amount: Int64
    /// ISO 4217 code.
    public var currency: String
    /// A card token (`tok_visa`…); never a card number.
    public var cardToken: String
    /// Who pays.
    public var customer: CustomerInfo
    /// ISO 3166 alpha-2 billing country.
    public var billingCountry: String
    /// ISO 3166 alpha-2 issuing country of the card, when known (`country_mismatch` rule).
    public var cardCountry: String?

    /// Creates params.
    public init(
        paymentID: String, orderID: String, amount: Int64, currency: String, cardToken: String,
        customer: CustomerInfo, billingCountry: String, cardCountry: String? = nil
    ) {
        self.paymentID = paymentID
        self.orderID = orderID
        self.amount = amount
        self.currency = currency
        self.cardToken = cardToken
        self.customer = customer
        self.billingCountry = billingCountry
        self.cardCountry = cardCountry
    }

    enum CodingKeys: String, CodingKey {
        case amount, currency, customer
        case paymentID = "payment_id"
        case orderID = "order_id"
        case cardToken = "card_token"
        case billingCountry = "billing_country"
        case cardCountry = "card_country"
    }
}
