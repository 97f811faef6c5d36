import TillObservability

/// Raw card data, as it exists only at the tokenization boundary (a hosted field, a vault).
///
/// Neither its description nor its mirror (`dump`, debugger summaries) shows the number or the
/// CVC, so logging one by mistake leaks nothing.
public struct CardDetails: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The card number: 12–19 ASCII digits passing the Luhn check.
    public let number: String
    /// Expiry month, 1–12.
    public let expiryMonth: Int
    /// Expiry year, four digits.
    public let expiryYear: Int
    /// The card verification value; never stored (PCI DSS 3.2).
    public let cvc: String?

    /// Card data, validated: `number` may contain spaces or dashes between digits.
    ///
    /// - Throws: `bad_request` naming `card.number`, `card.expiry_month`, `card.expiry_year` or
    ///   `card.cvc`.
    public init(number: String, expiryMonth: Int, expiryYear: Int, cvc: String? = nil) throws(PaymentError) {
        let digits = number.utf8.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "-") }
        guard (12...19).contains(digits.count), Luhn.isValid(asciiDigits: digits) else {
            throw .badRequest(field: "card.number", "not a valid card number")
        }
        guard (1...12).contains(expiryMonth) else { throw .badRequest(field: "card.expiry_month", "month must be 1-12") }
        guard (2000...2099).contains(expiryYear) else { throw .badRequest(field: "card.expiry_year", "year must have four digits") }
        if let cvc {
            guard (3...4).contains(cvc.utf8.count), cvc.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
                throw .badRequest(field: "card.cvc", "CVC must be 3 or 4 digits")
            }
        }
        self.number = String(decoding: digits, as: UTF8.self)
        self.expiryMonth = expiryMonth
        self.expiryYear = expiryYear
        self.cvc = cvc
    }

    /// The last four digits, which may be shown and logged.
    public var lastFour: String { String(number.suffix(4)) }

    /// The same card without its CVC: what a vault may keep.
    public var withoutCVC: CardDetails {
        CardDetails(validatedNumber: number, expiryMonth: expiryMonth, expiryYear: expiryYear)
    }

    public var description: String {
        let month = expiryMonth < 10 ? "0\(expiryMonth)" : "\(expiryMonth)"
        return "card ending \(lastFour) exp \(month)/\(expiryYear % 100)"
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["lastFour": lastFour, "expiryMonth": expiryMonth, "expiryYear": expiryYear], displayStyle: .struct)
    }

    private init(validatedNumber: String, expiryMonth: Int, expiryYear: Int) {
        self.number = validatedNumber
        self.expiryMonth = expiryMonth
        self.expiryYear = expiryYear
        self.cvc = nil
    }
}
