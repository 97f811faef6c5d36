/// The kinds of disagreement between the ledger and the gateway, in the order summaries list them.
public enum DiscrepancyType: String, Sendable, Hashable, Codable, CaseIterable {
    /// The gateway has the payment and Till does not (usually a missed webhook).
    case missingInternal = "missing_internal"
    /// Till has the payment and the gateway does not (almost always a bug: page someone).
    case missingGateway = "missing_gateway"
    /// Both have it in the same state with different amounts or currencies.
    case amountMismatch = "amount_mismatch"
    /// Both have it in different states.
    case statusMismatch = "status_mismatch"
}

/// One payment the two sides disagree about.
public struct Discrepancy: Sendable, Hashable {
    /// How they disagree.
    public var type: DiscrepancyType
    /// The payment.
    public var paymentID: CompactID
    /// Till's record, if it has one.
    public var `internal`: ReconciliationRecord?
    /// The gateway's record, if it has one.
    public var gateway: ReconciliationRecord?

    /// Creates a discrepancy.
    public init(type: DiscrepancyType, paymentID: CompactID, internal: ReconciliationRecord?, gateway: ReconciliationRecord?) {
        self.type = type
        self.paymentID = paymentID
        self.internal = `internal`
        self.gateway = gateway
    }
}

/// `{"type", "payment_id", "internal"?, "gateway"?}` as listed by `payments.reconcile`.
extension Discrepancy: Codable {
    private enum CodingKeys: String, CodingKey {
        case type
        case paymentID = "payment_id"
        case `internal`, gateway
    }
}
