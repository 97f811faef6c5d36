import TillPayments

/// Amounts as operators type and read them: major units with the currency's decimals
/// (`19.99 USD`, `1500 JPY`), converted exactly, never through a float.
enum MoneyText {
    /// The minor units of `text` (`19.99` → 1999 for USD), or a usage error naming `option`.
    static func minorUnits(_ text: String, currency: Currency, option: String) throws(TillError) -> Int64 {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
            parts.count == 1 || !fraction.isEmpty
        else {
            throw TillError(.usage, "\(option): expected an amount like 19.99, got \(text.debugDescription)")
        }
        guard fraction.count <= currency.exponent else {
            throw TillError(.usage, "\(option): \(currency.code) has \(currency.exponent) decimals, got \(text)")
        }
        let padded = fraction + String(repeating: "0", count: currency.exponent - fraction.count)
        guard let minor = Int64(whole + padded), minor <= Int64.max / 10 else {
            throw TillError(.usage, "\(option): \(text) is too large")
        }
        return minor
    }

    /// `amount` minor units of `code` as `19.99 USD`; the bare number for a code Till does not know.
    static func format(_ amount: Int64, currency code: String) -> String {
        guard let currency = Currency(code) else { return "\(amount) \(code)" }
        return Money(amount: amount, currency: currency).description
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { self.isASCII && self.isWholeNumber }
}
