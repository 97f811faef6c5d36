/// Why a webhook was refused. Every case is answered `400`; the message names the reason but
/// never a secret or an expected signature.
public struct WebhookVerificationError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Base: String, Hashable, Sendable {
        case missingHeader = "missing_header"
        case malformedHeader = "malformed_header"
        case noMatchingSignature = "no_matching_signature"
        case timestampOutsideTolerance = "timestamp_outside_tolerance"
    }

    private let base: Base
    /// What exactly was wrong, for logs.
    public let message: String

    private init(_ base: Base, _ message: String) {
        self.base = base
        self.message = message
    }

    /// The request had no `Stripe-Signature` header.
    public static let missingHeader = WebhookVerificationError(.missingHeader, "signature header missing")

    /// The header could not be parsed (no `t`, no `v1`, too long, too many `v1` values, …).
    public static func malformedHeader(_ reason: String) -> WebhookVerificationError {
        WebhookVerificationError(.malformedHeader, "signature header malformed: \(reason)")
    }

    /// No `v1` value is the HMAC of this body under any configured secret.
    public static let noMatchingSignature = WebhookVerificationError(.noMatchingSignature, "no signature matches")

    /// `t` is more than the tolerance away from now, in either direction.
    public static let timestampOutsideTolerance = WebhookVerificationError(
        .timestampOutsideTolerance, "signature timestamp outside tolerance"
    )

    /// A stable identifier of the reason (`malformed_header`, …), for metrics labels.
    public var reason: String { base.rawValue }

    public var description: String { message }

    /// Errors are equal when they have the same ``reason``, whatever the detail of their message.
    public static func == (lhs: WebhookVerificationError, rhs: WebhookVerificationError) -> Bool {
        lhs.base == rhs.base
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(base)
    }
}
