/// `payments.refund` params. Each partial refund has its own idempotency key.
public struct RefundParams: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// Minor units to refund; `nil` refunds what is left.
    public var amount: Int64?
    /// Why, as the customer would be told; free-form, so only logged through the redactor.
    public var reason: String?

    /// Creates params.
    public init(paymentID: String, amount: Int64? = nil, reason: String? = nil) {
        self.paymentID = paymentID
        self.amount = amount
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case amount, reason
        case paymentID = "payment_id"
    }
}

/// The result of `payments.refund`.
public struct RefundResult: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The gateway's id of this refund.
    public var refundID: String
    /// `refunded` (nothing left) or `partially_refunded`.
    public var state: String
    /// Minor units refunded so far, this refund included.
    public var refundedAmount: Int64

    /// Creates a result.
    public init(paymentID: String, refundID: String, state: String, refundedAmount: Int64) {
        self.paymentID = paymentID
        self.refundID = refundID
        self.state = state
        self.refundedAmount = refundedAmount
    }

    enum CodingKeys: String, CodingKey {
        case state
        case paymentID = "payment_id"
        case refundID = "refund_id"
        case refundedAmount = "refunded_amount"
    }
}
