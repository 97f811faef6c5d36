/// Where the audit reads what the payment gateway believes it captured.
public protocol SettlementSource: Sendable {
    /// Every row of the settlement report for charges last changed in `[since, until)` (Unix seconds).
    func settlement(since: Int64, until: Int64) async throws -> [SettlementRow]
}
