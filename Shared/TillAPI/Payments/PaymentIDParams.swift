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

/// The result of `payments.void`: `state` is `voided`.
public struct VoidResult: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// `voided`.
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
