/// Params naming one payment: `payments.void` and `payments.get`.
public struct PaymentIDParams: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String

    /// Creates params.
    public init(paymentID: String) { self.paymentID = paymentID }

    enum CodingKeys: String, CodingKey {
        case paymentID = "payment_id"
    }
}

/// The result of `payments.void`: `state` is `voided`, or `void_requested` when the authorization
/// was still at the gateway or its outcome unknown (it is voided as soon as that is known; the
/// compensation is done either way). A payment that failed reports `failed`: nothing is held.
public struct VoidResult: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// `voided`, `void_requested` or `failed`.
    public var state: String

    /// Creates a result.
    public init(paymentID: String, state: String = "voided") {
        self.paymentID = paymentID
        self.state = state
    }

    enum CodingKeys: String, CodingKey {
        case state
        case paymentID = "payment_id"
    }
}
