/// Who moved a payment, as its history records it.
public enum LedgerSource: String, Sendable, Hashable {
    /// A `payments.*` call.
    case api
    /// A gateway webhook.
    case webhook
    /// The background resolver of unknown payments.
    case resolver
}
