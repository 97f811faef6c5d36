import TillWire

extension PaymentError {
    /// The wire form of this error: same code, message and retriable flag; ``details`` as the
    /// `details` object (omitted when empty). The underlying error stays in the logs.
    ///
    /// This is the only conversion from a payment error to the wire.
    public var wireError: WireError {
        WireError(
            code: WireErrorCode(rawValue: code.rawValue),
            message: message,
            retriable: retriable,
            details: details.isEmpty ? nil : .object(details)
        )
    }
}
