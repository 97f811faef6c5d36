/// Where one payment lives in Redis. Both keys share the hash tag `{pay_<id>}`, so every script
/// on a payment touches one Redis Cluster slot.
public struct PaymentKeys: Sendable, Hashable {
    /// The payment's hash: state, amounts, authorization id, idempotency data.
    public let record: String
    /// The payment's append-only history: a list of `{"state","at","source"}` JSON entries.
    public let history: String

    /// The keys of `paymentID`.
    public init(paymentID: String) {
        record = "till:{pay_\(paymentID)}:payment"
        history = "till:{pay_\(paymentID)}:history"
    }

    /// The pattern a ledger scan matches (every payment record).
    public static let recordPattern = "till:{pay_*}:payment"

    /// The payment id of a record key, or `nil` if `key` is not one.
    public static func paymentID(ofRecordKey key: String) -> String? {
        let prefix = "till:{pay_", suffix = "}:payment"
        guard key.hasPrefix(prefix), key.hasSuffix(suffix), key.count > prefix.count + suffix.count else { return nil }
        return String(key.dropFirst(prefix.count).dropLast(suffix.count))
    }

    /// The sorted set of payments the resolver must settle (`unknown`, `void_requested`), scored by
    /// when to look next (Unix ms). Written only off the hot path.
    public static let unresolved = "till:payments:unresolved"
}
