import TillGatewayHTTP
import TillPayments

/// Turns the true rows of a window into one page of the settlement report: ascending payment id
/// (byte order), at most `limit` rows, then falsified by the drift configuration.
///
/// The cursor is the last payment id of the page, taken before drift, so an omitted row never
/// shifts the paging: every page starts where the previous one ended.
struct SettlementReportPager: Sendable {
    let drift: DriftConfiguration

    /// One page.
    struct Page: Sendable {
        var rows: [SettlementRowBody]
        var nextCursor: String?
    }

    /// One page of `rows`; a payment in `pinned` drifts as pinned, whatever the configuration says.
    func page(of rows: [SettlementRowBody], limit: Int, pinned: [String: DriftConfiguration.Kind] = [:]) -> Page {
        var rows = rows
        rows.sort { $0.paymentID.utf8.lexicographicallyPrecedes($1.paymentID.utf8) }
        let hasMore = rows.count > limit
        if hasMore { rows.removeSubrange(limit...) }
        let nextCursor = hasMore ? rows.last?.paymentID : nil
        guard !drift.isNone || !pinned.isEmpty else { return Page(rows: rows, nextCursor: nextCursor) }
        var falsified: [SettlementRowBody] = []
        falsified.reserveCapacity(rows.count)
        for var row in rows {
            switch pinned[row.paymentID] ?? drift.kind(for: row.paymentID) {
            case .omit:
                continue
            case .amount:
                row.amount += DriftConfiguration.amountDelta
            case .status:
                row.state = Self.otherState(than: row.state)
            case nil:
                break
            }
            falsified.append(row)
        }
        return Page(rows: falsified, nextCursor: nextCursor)
    }

    /// A plausible wrong state: what a gateway bug or a missed event would show.
    static func otherState(than state: PaymentState) -> PaymentState {
        switch state {
        case .authorized: .voided
        case .captured: .refunded
        case .partiallyRefunded, .refunded: .captured
        case .voided, .failed, .pending, .unknown: .authorized
        }
    }
}
