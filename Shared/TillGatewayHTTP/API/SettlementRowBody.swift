import TillPayments

/// One line of the settlement report (`GET /v1/settlements`).
///
/// The first five fields are exactly a ``ReconciliationRecord`` (which decodes a line and ignores
/// the rest); the last three let an auditor add up what moved. `amount` is the net settled
/// amount: captured minus refunded, `0` for a payment that was never captured (authorized, voided,
/// failed).
public struct SettlementRowBody: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// Net settled amount in minor units (captured − refunded).
    public var amount: Int64
    /// ISO 4217 code.
    public var currency: String
    /// The payment's state.
    public var state: PaymentState
    /// When the payment last changed state (Unix seconds); the report window is judged by it.
    public var eventTime: Int64
    /// The authorized (requested, if declined) amount.
    public var authorizedAmount: Int64
    /// Captured so far.
    public var capturedAmount: Int64
    /// Refunded so far.
    public var refundedAmount: Int64

    /// Creates a row.
    public init(
        paymentID: String, amount: Int64, currency: String, state: PaymentState, eventTime: Int64,
        authorizedAmount: Int64, capturedAmount: Int64, refundedAmount: Int64
    ) {
        self.paymentID = paymentID
        self.amount = amount
        self.currency = currency
        self.state = state
        self.eventTime = eventTime
        self.authorizedAmount = authorizedAmount
        self.capturedAmount = capturedAmount
        self.refundedAmount = refundedAmount
    }

    private enum CodingKeys: String, CodingKey {
        case paymentID = "payment_id"
        case amount, currency, state
        case eventTime = "event_time"
        case authorizedAmount = "authorized_amount"
        case capturedAmount = "captured_amount"
        case refundedAmount = "refunded_amount"
    }
}
