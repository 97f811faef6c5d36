/// `payments.capture` params: capture all (`amount == nil`) or part of the authorized amount.
public struct CaptureParams: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// Minor units to capture, at most the authorized amount; `nil` captures all of it.
    public var amount: Int64?

    /// Creates params.
    public init(paymentID: String, amount: Int64? = nil) {
        self.paymentID = paymentID
        self.amount = amount
    }

    enum CodingKeys: String, CodingKey {
        case amount
        case paymentID = "payment_id"
    }
}

/// The result of `payments.capture`: `state` is `captured`.
public struct CaptureResult: Codable, Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// `captured`.
    public var state: String
    /// Minor units captured.
    public var capturedAmount: Int64

    /// Creates a result.
    public init(paymentID: String, state: String = "captured", capturedAmount: Int64) {
        self.paymentID = paymentID
        self.state = state
        self.capturedAmount = capturedAmount
    }

    enum CodingKeys: String, CodingKey {
        case state
        case paymentID = "payment_id"
        case capturedAmount = "captured_amount"
    }
}
