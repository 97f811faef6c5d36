/// Compares Till's ledger with the gateway's settlement report (`DESIGN.md`, "Reconciliation").
///
/// Both inputs are streams of ``ReconciliationRecord`` with one record per payment, strictly
/// ascending by payment id (byte order); the reconciler merges them in one linear pass, holding
/// only the two current records, and stops with ``ReconciliationError`` if either side is out of
/// order. Every payment id whose event time (on either side) falls in the window `[since, until)`
/// is judged once:
/// - only the gateway has it → `missing_internal`; only Till → `missing_gateway`;
/// - both, in different states → `status_mismatch` (even if the amounts differ too);
/// - both, same state, different amount or currency → `amount_mismatch`;
/// - otherwise matched.
///
/// Each discrepancy is passed to the handlers registered for its type (in registration order) as
/// it is found; the report keeps exact counts and the first ``retentionLimit`` discrepancies.
/// A handler that throws ends the run with its error.
public struct Reconciler: Sendable {
    /// A reaction to one discrepancy (page someone, replay a webhook, publish an event).
    public typealias Handler = @Sendable (Discrepancy) async throws -> Void

    /// The window judged.
    public let window: ReconciliationWindow
    /// How many discrepancies the report keeps (counts are always exact).
    public let retentionLimit: Int
    private var handlers: [DiscrepancyType: [Handler]] = [:]

    /// A reconciler for `window`.
    public init(window: ReconciliationWindow, retentionLimit: Int = 10_000) {
        precondition(retentionLimit >= 0, "the retention limit cannot be negative")
        self.window = window
        self.retentionLimit = retentionLimit
    }

    /// Adds `handler` for discrepancies of `type`.
    public mutating func on(_ type: DiscrepancyType, _ handler: @escaping Handler) {
        handlers[type, default: []].append(handler)
    }

    /// Reconciles two in-memory (or lazily produced) sorted sequences.
    public func reconcile<Internal: Sequence<ReconciliationRecord>, Gateway: Sequence<ReconciliationRecord>>(
        internal: Internal,
        gateway: Gateway
    ) async throws -> ReconciliationReport {
        var merge = ReconciliationMerge(window: window)
        var report = ReconciliationReport(window: window)
        var internalRecords = `internal`.makeIterator()
        var gatewayRecords = gateway.makeIterator()
        var left = internalRecords.next()
        var right = gatewayRecords.next()
        while let step = try merge.step(internal: left, gateway: right) {
            switch step {
            case .both:
                try await apply(merge.judge(internal: left, gateway: right), to: &report)
                left = internalRecords.next()
                right = gatewayRecords.next()
            case .internalOnly:
                try await apply(merge.judge(internal: left, gateway: nil), to: &report)
                left = internalRecords.next()
            case .gatewayOnly:
                try await apply(merge.judge(internal: nil, gateway: right), to: &report)
                right = gatewayRecords.next()
            }
        }
        return report
    }

    /// Reconciles two sorted asynchronous streams (a Redis scan of the ledger, a paged report).
    public func reconcile<Internal: AsyncSequence, Gateway: AsyncSequence>(
        internal: Internal,
        gateway: Gateway
    ) async throws -> ReconciliationReport
    where Internal.Element == ReconciliationRecord, Gateway.Element == ReconciliationRecord {
        var merge = ReconciliationMerge(window: window)
        var report = ReconciliationReport(window: window)
        var internalRecords = `internal`.makeAsyncIterator()
        var gatewayRecords = gateway.makeAsyncIterator()
        var left = try await internalRecords.next()
        var right = try await gatewayRecords.next()
        while let step = try merge.step(internal: left, gateway: right) {
            switch step {
            case .both:
                try await apply(merge.judge(internal: left, gateway: right), to: &report)
                left = try await internalRecords.next()
                right = try await gatewayRecords.next()
            case .internalOnly:
                try await apply(merge.judge(internal: left, gateway: nil), to: &report)
                left = try await internalRecords.next()
            case .gatewayOnly:
                try await apply(merge.judge(internal: nil, gateway: right), to: &report)
                right = try await gatewayRecords.next()
            }
        }
        return report
    }

    private func apply(_ verdict: ReconciliationMerge.Verdict?, to report: inout ReconciliationReport) async throws {
        switch verdict {
        case nil:
            return
        case .matched:
            report.record(match: true)
        case .discrepancy(let discrepancy):
            report.record(discrepancy, retainingAtMost: retentionLimit)
            for handler in handlers[discrepancy.type] ?? [] {
                try await handler(discrepancy)
            }
        }
    }
}
