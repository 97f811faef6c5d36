/// An amount of money: integer minor units of a currency (`4999` USD is $49.99), never a float.
///
/// Encoded as `{"amount": 4999, "currency": "USD"}`.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The amount in the currency's minor unit.
    public var amount: Int64
    /// The currency.
    public var currency: Currency

    /// `amount` minor units of `currency`.
    public init(amount: Int64, currency: Currency) {
        self.amount = amount
        self.currency = currency
    }

    /// `units` whole major units of `currency` (2000 USD is 200000 minor units), or `nil` if that
    /// does not fit in 64 bits.
    public init?(majorUnits units: Int64, currency: Currency) {
        let (amount, overflow) = units.multipliedReportingOverflow(by: currency.minorUnitsPerMajorUnit)
        guard !overflow else { return nil }
        self.init(amount: amount, currency: currency)
    }

    /// The amount written in major units with the currency's decimals, e.g. `2000.00 USD`,
    /// `1500 JPY`, `-0.125 KWD`; exact, no floating point.
    public var description: String {
        let exponent = currency.exponent
        guard exponent > 0 else { return "\(amount) \(currency.code)" }
        let magnitude = amount.magnitude
        let divisor = UInt64(currency.minorUnitsPerMajorUnit)
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: exponent - fraction.count) + fraction
        return "\(amount < 0 ? "-" : "")\(magnitude / divisor).\(fraction) \(currency.code)"
    }
}
