/// The result of `payments.get`: a payment and every state it went through.
public struct PaymentView: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The order it pays for.
    public var orderID: String
    /// `pending`, `authorized`, `captured`, `partially_refunded`, `refunded`, `voided`, `failed` or `unknown`.
    public var state: String
    /// Minor units authorized (or asked for).
    public var amount: Int64
    /// ISO 4217 code.
    public var currency: String
    /// Minor units captured.
    public var capturedAmount: Int64
    /// Minor units refunded.
    public var refundedAmount: Int64
    /// Every transition, oldest first.
    public var history: [PaymentHistoryEntry]

    /// Creates a view.
    public init(
        paymentID: String, orderID: String, state: String, amount: Int64, currency: String,
        capturedAmount: Int64, refundedAmount: Int64, history: [PaymentHistoryEntry]
    ) {
        self.paymentID = paymentID
        self.orderID = orderID
        self.state = state
        self.amount = amount
        self.currency = currency
        self.capturedAmount = capturedAmount
        self.refundedAmount = refundedAmount
        self.history = history
    }

    enum CodingKeys: String, CodingKey {
        case state, amount, currency, history
        case paymentID = "payment_id"
        case orderID = "order_id"
        case capturedAmount = "captured_amount"
        case refundedAmount = "refunded_amount"
    }
}

/// One transition of a payment: `{"state", "at", "source"}`.
public struct PaymentHistoryEntry: Codable, Sendable, Hashable {
    /// The state entered.
    public var state: String
    /// When (Unix seconds).
    public var at: Int64
    /// Who moved it: `api`, `webhook`, `resolver`…
    public var source: String

    /// Creates an entry.
    public init(state: String, at: Int64, source: String) {
        self.state = state
        self.at = at
        self.source = source
    }
}
