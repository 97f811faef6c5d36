/// Why a reconciliation run stopped.
public struct ReconciliationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which input broke its contract.
    public enum Side: String, Sendable, Hashable {
        /// Till's ledger.
        case `internal`
        /// The gateway's settlement report.
        case gateway
    }

    /// The offending side.
    public let side: Side
    /// The record that came out of order (or repeated).
    public let paymentID: CompactID

    /// Records of one side must be strictly ascending by payment id; `paymentID` was not.
    public init(unsorted side: Side, at paymentID: CompactID) {
        self.side = side
        self.paymentID = paymentID
    }

    public var description: String {
        "\(side.rawValue) records are not strictly ascending by payment id at \(paymentID)"
    }
}
