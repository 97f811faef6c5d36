import TillAPI
import TillPayments

/// One payment as the ledger holds it (`HGETALL` of its record).
public struct PaymentRecord: Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The order it pays for (empty for a void tombstone).
    public var orderID: String
    /// The state, as stored: a ``PaymentState`` or `void_requested`.
    public var state: String
    /// Authorized (or asked for) minor units.
    public var amount: Int64
    /// ISO 4217 code (empty for a tombstone).
    public var currency: String
    /// Captured minor units.
    public var capturedAmount: Int64
    /// Refunded minor units.
    public var refundedAmount: Int64
    /// The gateway's authorization id, once known.
    public var authorizationID: String?
    /// When the payment last changed state (Unix s).
    public var updatedAt: Int64
    /// Until when an authorization attempt owns the payment (Unix ms; 0 when none does).
    public var leaseUntil: Int64
    /// Whether the gateway was asked to authorize it (so its report should list it).
    public var reachedGateway: Bool

    /// Parses the flat field/value array of `HGETALL`; `nil` when the record is absent.
    init?(paymentID: String, fields: [String: String]) {
        guard let state = fields["state"] else { return nil }
        self.paymentID = paymentID
        self.state = state
        self.orderID = fields["order"] ?? ""
        self.amount = fields["amount"].flatMap { Int64($0) } ?? 0
        self.currency = fields["currency"] ?? ""
        self.capturedAmount = fields["captured"].flatMap { Int64($0) } ?? 0
        self.refundedAmount = fields["refunded"].flatMap { Int64($0) } ?? 0
        self.authorizationID = fields["auth"].flatMap { $0.isEmpty ? nil : $0 }
        self.updatedAt = fields["updated"].flatMap { Int64($0) } ?? 0
        self.leaseUntil = fields["lease"].flatMap { Int64($0) } ?? 0
        self.reachedGateway = fields["reached"] == "1"
    }

    /// The state as the gateway would report it: `void_requested` is Till's own bookkeeping for
    /// an authorization still held (or unknown), so it compares as `unknown`.
    public var paymentState: PaymentState {
        PaymentState(rawValue: state) ?? .unknown
    }

    /// What this side believes moved, for reconciliation: the captured amount net of refunds,
    /// `0` for a payment never captured (as the gateway's settlement report counts it).
    public var settledAmount: Int64 {
        switch paymentState {
        case .captured, .partiallyRefunded, .refunded: capturedAmount - refundedAmount
        default: 0
        }
    }

    /// The row of `payments.reconcile` for this record.
    var settlementRow: SettlementRow {
        SettlementRow(paymentID: paymentID, amount: settledAmount, currency: currency, state: paymentState.rawValue, eventTime: updatedAt)
    }
}
