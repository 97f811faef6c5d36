/// The outcome of one reconciliation run.
///
/// `total` counts every payment id considered (the union of both sides within the window);
/// each id is either matched or exactly one discrepancy, so `matched + discrepancyCount == total`.
public struct ReconciliationReport: Sendable, Hashable {
    /// The window the run judged.
    public var window: ReconciliationWindow
    /// Payment ids considered.
    public var total: Int = 0
    /// Payment ids on which both sides agree.
    public var matched: Int = 0
    /// Discrepancies by type, in ``DiscrepancyType/allCases`` order.
    private var counts: [Int] = Array(repeating: 0, count: DiscrepancyType.allCases.count)
    /// The first discrepancies found (in payment-id order), at most the reconciler's retention limit.
    public var discrepancies: [Discrepancy] = []
    /// Whether more discrepancies were found than retained (their counts are still exact).
    public var isTruncated = false

    /// An empty report for `window`.
    public init(window: ReconciliationWindow) {
        self.window = window
    }

    /// Discrepancies of `type`.
    public func count(of type: DiscrepancyType) -> Int {
        counts[type.index]
    }

    /// All discrepancies.
    public var discrepancyCount: Int { counts.reduce(0, +) }

    /// Counts of the types that occurred (`by_type` on the wire).
    public var byType: [DiscrepancyType: Int] {
        var result: [DiscrepancyType: Int] = [:]
        for type in DiscrepancyType.allCases where count(of: type) > 0 { result[type] = count(of: type) }
        return result
    }

    /// One line for logs and the API: `"1248/1251 matched, 3 discrepancies: 2 missing_internal,
    /// 1 status_mismatch"`.
    ///
    /// `matched/total`, then the number of discrepancies ("1 discrepancy", "0 discrepancies"), then —
    /// if there are any — the count of each type that occurred, in the fixed order
    /// `missing_internal, missing_gateway, amount_mismatch, status_mismatch`.
    public var summary: String {
        let count = discrepancyCount
        var line = "\(matched)/\(total) matched, \(count) \(count == 1 ? "discrepancy" : "discrepancies")"
        let parts = DiscrepancyType.allCases.compactMap { type in
            self.count(of: type) > 0 ? "\(self.count(of: type)) \(type.rawValue)" : nil
        }
        if !parts.isEmpty { line += ": " + parts.joined(separator: ", ") }
        return line
    }

    mutating func record(match: Bool) {
        total += 1
        if match { matched += 1 }
    }

    mutating func record(_ discrepancy: Discrepancy, retainingAtMost limit: Int) {
        total += 1
        counts[discrepancy.type.index] += 1
        if discrepancies.count < limit {
            discrepancies.append(discrepancy)
        } else {
            isTruncated = true
        }
    }
}

extension DiscrepancyType {
    fileprivate var index: Int {
        switch self {
        case .missingInternal: 0
        case .missingGateway: 1
        case .amountMismatch: 2
        case .statusMismatch: 3
        }
    }
}
