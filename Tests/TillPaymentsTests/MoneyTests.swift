import Foundation
import Testing
import TillPayments
import TillWire

@Suite("Money and Currency")
struct MoneyTests {
    @Test(
        "ISO 4217 exponents",
        arguments: [
            ("USD", 2), ("EUR", 2), ("GBP", 2), ("CHF", 2), ("CAD", 2), ("AUD", 2), ("INR", 2), ("CNY", 2),
            ("JPY", 0), ("KRW", 0), ("CLP", 0), ("VND", 0), ("KWD", 3), ("BHD", 3), ("JOD", 3), ("OMR", 3), ("TND", 3), ("CLF", 4),
        ]
    )
    func exponents(code: String, exponent: Int) throws {
        let currency = try #require(Currency(code))
        #expect(currency.exponent == exponent)
        #expect(currency.code == code)
    }

    @Test("unknown or malformed codes are refused", arguments: ["XYZ", "usd", "US", "USDD", "", "XAU", "ÜSD"])
    func unknown(code: String) {
        #expect(Currency(code) == nil)
        #expect(throws: PaymentError.self) { try Currency.require(code) }
    }

    @Test("an unknown currency is a bad request naming the field")
    func unknownIsBadRequest() {
        do {
            _ = try Currency.require("XYZ", field: "price.currency")
            Issue.record("XYZ accepted")
        } catch {
            #expect(error.code == .badRequest)
            #expect(error.details["field"] == "price.currency")
        }
    }

    @Test("major units convert with the exponent")
    func majorUnits() {
        #expect(Money(majorUnits: 2_000, currency: .usd)?.amount == 200_000)
        #expect(Money(majorUnits: 2_000, currency: .jpy)?.amount == 2_000)
        #expect(Money(majorUnits: 2_000, currency: .kwd)?.amount == 2_000_000)
        #expect(Money(majorUnits: .max / 10, currency: .usd) == nil)
    }

    @Test(
        "amounts print exactly in major units",
        arguments: [
            (Money(amount: 200_000, currency: .usd), "2000.00 USD"),
            (Money(amount: 4_999, currency: .eur), "49.99 EUR"),
            (Money(amount: 5, currency: .gbp), "0.05 GBP"),
            (Money(amount: -125, currency: .kwd), "-0.125 KWD"),
            (Money(amount: 1_500, currency: .jpy), "1500 JPY"),
            (Money(amount: .min, currency: .usd), "-92233720368547758.08 USD"),
        ])
    func description(money: Money, text: String) {
        #expect(money.description == text)
    }

    @Test("money encodes as amount and currency")
    func coding() throws {
        let json = String(decoding: try JSONEncoder().encode(Money(amount: 4_999, currency: .usd)), as: UTF8.self)
        #expect(json.contains(#""amount":4999"#) && json.contains(#""currency":"USD""#))
        let decoded = try JSONDecoder().decode(Money.self, from: Data(#"{"amount":1500,"currency":"JPY"}"#.utf8))
        #expect(decoded == Money(amount: 1_500, currency: .jpy))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Money.self, from: Data(#"{"amount":1,"currency":"XYZ"}"#.utf8))
        }
    }

    @Test("a currency is four bytes, so records stay compact")
    func compact() {
        #expect(MemoryLayout<Currency>.size == 4)
    }
}
