/// `payments.reconcile` params: the window `[since, until)` in Unix seconds (at most 31 days),
/// and one page of its discrepancies.
public struct ReconcileParams: Codable, Sendable, Hashable {
    /// The first second inside the window.
    public var since: Int64
    /// The first second after the window.
    public var until: Int64
    /// Discrepancies per page, at most 1000.
    public var limit: Int?
    /// Where the page starts: the previous page's `cursor`.
    public var cursor: String?

    /// Creates params.
    public init(since: Int64, until: Int64, limit: Int? = nil, cursor: String? = nil) {
        self.since = since
        self.until = until
        self.limit = limit
        self.cursor = cursor
    }
}

/// The result of `payments.reconcile`.
public struct ReconcileResult: Codable, Sendable, Hashable {
    /// Payments seen on either side.
    public var total: Int
    /// Payments both sides agree on.
    public var matched: Int
    /// Discrepancies counted by type (`missing_internal`, `missing_gateway`, `amount_mismatch`, `status_mismatch`).
    public var byType: [String: Int]
    /// This page of discrepancies, ascending by payment id.
    public var discrepancies: [DiscrepancyReport]
    /// Where the next page starts; absent on the last page.
    public var cursor: String?
    /// E.g. `"1248/1251 matched, 3 discrepancies: 2 missing_internal, 1 status_mismatch"`.
    public var summary: String

    /// Creates a result.
    public init(
        total: Int, matched: Int, byType: [String: Int], discrepancies: [DiscrepancyReport],
        cursor: String?, summary: String
    ) {
        self.total = total
        self.matched = matched
        self.byType = byType
        self.discrepancies = discrepancies
        self.cursor = cursor
        self.summary = summary
    }

    enum CodingKeys: String, CodingKey {
        case total, matched, discrepancies, cursor, summary
        case byType = "by_type"
    }
}

/// One discrepancy: the payment as each side sees it (a side is absent when it does not know it).
public struct DiscrepancyReport: Codable, Sendable, Hashable {
    /// `missing_internal`, `missing_gateway`, `amount_mismatch` or `status_mismatch`.
    public var type: String
    /// The payment.
    public var paymentID: String
    /// Till's ledger.
    public var `internal`: SettlementRow?
    /// The gateway's report.
    public var gateway: SettlementRow?

    /// Creates a discrepancy.
    public init(type: String, paymentID: String, internal: SettlementRow?, gateway: SettlementRow?) {
        self.type = type
        self.paymentID = paymentID
        self.internal = `internal`
        self.gateway = gateway
    }

    enum CodingKeys: String, CodingKey {
        case type, `internal`, gateway
        case paymentID = "payment_id"
    }
}

/// A payment as one side of reconciliation sees it:
/// `{"payment_id", "amount", "currency", "state", "event_time"}`.
public struct SettlementRow: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// Minor units this side believes moved.
    public var amount: Int64
    /// ISO 4217 code.
    public var currency: String
    /// The payment state on this side.
    public var state: String
    /// The time of the last state change (Unix seconds).
    public var eventTime: Int64

    /// Creates a row.
    public init(paymentID: String, amount: Int64, currency: String, state: String, eventTime: Int64) {
        self.paymentID = paymentID
        self.amount = amount
        self.currency = currency
        self.state = state
        self.eventTime = eventTime
    }

    enum CodingKeys: String, CodingKey {
        case amount, currency, state
        case paymentID = "payment_id"
        case eventTime = "event_time"
    }
}
