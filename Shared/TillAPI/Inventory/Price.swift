/// A unit price on the wire: `{"amount": <Int64 minor units>, "currency": "USD"}`.
public struct Price: Codable, Sendable, Hashable {
    /// Minor units of `currency` (cents for USD, yen for JPY).
    public var amount: Int64
    /// The ISO 4217 code.
    public var currency: String

    public init(amount: Int64, currency: String) {
        self.amount = amount
        self.currency = currency
    }
}
