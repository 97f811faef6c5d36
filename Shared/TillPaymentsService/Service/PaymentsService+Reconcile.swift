import Logging
import TillAPI
import TillPayments

extension PaymentsService {
    /// The longest window `payments.reconcile` accepts.
    public static let maximumReconcileWindowSeconds: Int64 = 31 * 24 * 3600

    /// Reconciles the ledger against the gateway's settlement report for `window`, calling
    /// `onDiscrepancy` for each discrepancy as it is found.
    public func reconcileReport(
        window: ReconciliationWindow,
        onDiscrepancy: (@Sendable (Discrepancy) async throws -> Void)? = nil
    ) async throws(PaymentError) -> ReconciliationReport {
        let internalRecords = try await ledger.records(in: window).compactMap { record -> ReconciliationRecord? in
            guard let id = CompactID(record.paymentID), let currency = Currency(record.currency) else { return nil }
            return ReconciliationRecord(
                paymentID: id, amount: record.settledAmount, currency: currency, state: record.paymentState, eventTime: record.updatedAt
            )
        }
        var reconciler = Reconciler(window: window, retentionLimit: 100_000)
        if let onDiscrepancy {
            for type in DiscrepancyType.allCases { reconciler.on(type, onDiscrepancy) }
        }
        do {
            return try await reconciler.reconcile(internal: AsyncRecords(records: internalRecords), gateway: SettlementReport(gateway: gateway, window: window))
        } catch let error as PaymentError {
            throw error
        } catch {
            throw .unavailable("the settlement report could not be reconciled", underlying: error)
        }
    }

    /// `payments.reconcile`: one page of the discrepancies of `[since, until)`.
    ///
    /// Each page reconciles the window afresh (the ledger and the report are the truth, not a
    /// cached run); the cursor is the last payment id of the previous page, so pages never repeat
    /// a row even if the data changed in between. Each `missing_gateway` discrepancy of the page
    /// raises a ``ReconcileAlert`` (only the page's: reading every page alerts once per row).
    public func reconcile(_ params: ReconcileParams) async throws(PaymentError) -> ReconcileResult {
        let limit = params.limit ?? 100
        let report = try await reconcileReport(window: ReconciliationWindow(since: params.since, until: params.until))
        let after = params.cursor.flatMap { CompactID($0) }
        let remaining = report.discrepancies.filter { discrepancy in after.map { discrepancy.paymentID > $0 } ?? true }
        let page = remaining.prefix(limit)
        let cursor = remaining.count > limit ? page.last.map { "\($0.paymentID)" } : nil
        for discrepancy in page {
            await ReconcileAlert.raise(for: discrepancy, redis: ledger.redis, logger: logger)
        }
        var byType: [String: Int] = [:]
        for (type, count) in report.byType { byType[type.rawValue] = count }
        return ReconcileResult(
            total: report.total, matched: report.matched, byType: byType,
            discrepancies: page.map { discrepancy in
                DiscrepancyReport(
                    type: discrepancy.type.rawValue, paymentID: "\(discrepancy.paymentID)",
                    internal: discrepancy.internal.map(Self.row), gateway: discrepancy.gateway.map(Self.row)
                )
            },
            cursor: cursor, summary: report.summary
        )
    }

    static func row(_ record: ReconciliationRecord) -> SettlementRow {
        SettlementRow(
            paymentID: "\(record.paymentID)", amount: record.amount, currency: record.currency.code, state: record.state.rawValue,
            eventTime: record.eventTime
        )
    }
}

/// The ledger's records as the asynchronous sequence the reconciler merges with the report.
private struct AsyncRecords: AsyncSequence, Sendable {
    typealias Element = ReconciliationRecord
    let records: [ReconciliationRecord]

    func makeAsyncIterator() -> Iterator { Iterator(records: records) }

    struct Iterator: AsyncIteratorProtocol {
        let records: [ReconciliationRecord]
        var index = 0

        mutating func next() async throws -> ReconciliationRecord? {
            guard index < records.count else { return nil }
            defer { index += 1 }
            return records[index]
        }
    }
}
