import TillGatewayHTTP

extension GatewayLedger {
    /// The true report rows of payments last changed in `[since, until)` with an id after
    /// `cursor` (byte order), unsorted: one linear scan, so the lock is held briefly; sorting and
    /// paging happen outside it (``SettlementReportPager``).
    func settlementRows(since: Int64, until: Int64, after cursor: String?) -> [SettlementRowBody] {
        var rows: [SettlementRowBody] = []
        for payment in payments.values where payment.updatedAt >= since && payment.updatedAt < until {
            if let cursor, !cursor.utf8.lexicographicallyPrecedes(payment.paymentID.utf8) { continue }
            rows.append(payment.settlementRow)
        }
        return rows
    }
}
