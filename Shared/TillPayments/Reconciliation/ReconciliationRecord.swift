/// One payment as one side (Till's ledger or the gateway's settlement report) sees it.
///
/// About 96 bytes and no heap allocation, so two sides of a million rows each fit in memory.
public struct ReconciliationRecord: Sendable, Hashable {
    /// The payment.
    public var paymentID: CompactID
    /// The settled amount in minor units (what this side believes moved).
    public var amount: Int64
    /// The amount's currency.
    public var currency: Currency
    /// The payment's state.
    public var state: PaymentState
    /// When the payment last changed state (Unix seconds): what the window is judged by.
    public var eventTime: Int64

    /// Creates a record.
    public init(paymentID: CompactID, amount: Int64, currency: Currency, state: PaymentState, eventTime: Int64) {
        self.paymentID = paymentID
        self.amount = amount
        self.currency = currency
        self.state = state
        self.eventTime = eventTime
    }
}

/// `{"payment_id", "amount", "currency", "state", "event_time"}`: the shape of a settlement report
/// row and of a side of a discrepancy in `payments.reconcile`.
extension ReconciliationRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case paymentID = "payment_id"
        case amount, currency, state
        case eventTime = "event_time"
    }
}

/// A half-open interval of event times, `[since, until)`, in Unix seconds.
public struct ReconciliationWindow: Sendable, Hashable {
    /// The first second inside the window.
    public var since: Int64
    /// The first second after the window.
    public var until: Int64

    /// Creates a window; `until` must not precede `since`.
    public init(since: Int64, until: Int64) {
        precondition(since <= until, "a window cannot end before it starts")
        self.since = since
        self.until = until
    }

    /// Whether `time` is inside the window.
    @inlinable
    public func contains(_ time: Int64) -> Bool {
        time >= since && time < until
    }
}
