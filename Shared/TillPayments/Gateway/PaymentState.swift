/// The state of a payment (`API.md`, "Payment states"), as Till and the gateway both report it.
public enum PaymentState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Created, not yet sent to the gateway.
    case pending
    /// The gateway authorized the amount.
    case authorized
    /// The authorized amount (or part of it) was captured.
    case captured
    /// Part of the captured amount was refunded.
    case partiallyRefunded = "partially_refunded"
    /// All of the captured amount was refunded.
    case refunded
    /// The authorization was released.
    case voided
    /// The gateway refused the payment.
    case failed
    /// The gateway did not answer; resolved later by asking it, never by charging again.
    case unknown
}
