import Testing
import TillPayments
import TillWire

@Suite("Tokenizer")
struct TokenizerTests {
    @Test("tokens stand for the card without its CVC")
    func roundTrip() async throws {
        let tokenizer = InMemoryTokenizer()
        let card = try CardDetails(number: "4111 1111 1111 1111", expiryMonth: 12, expiryYear: 2029, cvc: "999")
        let token = try await tokenizer.tokenize(card)
        #expect(token.rawValue.hasPrefix("tok_"))
        #expect(!token.rawValue.contains("4111"))
        let stored = try #require(try await tokenizer.detokenize(token))
        #expect(stored.number == "4111111111111111")
        #expect(stored.cvc == nil)
        #expect(try await tokenizer.detokenize(CardToken(rawValue: "tok_unknown")) == nil)
        #expect(try await tokenizer.tokenize(card) != token)
    }

    @Test("card data never shows in descriptions")
    func description() throws {
        let card = try CardDetails(number: "4111-1111-1111-1111", expiryMonth: 3, expiryYear: 2029, cvc: "999")
        #expect(card.description == "card ending 1111 exp 03/29")
        #expect(!"\(card)".contains("999"))
        #expect(!String(reflecting: card).contains("4111111111111111"))
        var dumped = ""
        dump(card, to: &dumped)
        #expect(!dumped.contains("4111111111111111") && !dumped.contains("999"))
    }

    @Test(
        "invalid card data is refused with the field",
        arguments: [
            ("4111111111111112", 12, 2029, nil as String?, "card.number"),
            ("41111", 12, 2029, nil, "card.number"),
            ("4111111111111111", 13, 2029, nil, "card.expiry_month"),
            ("4111111111111111", 12, 29, nil, "card.expiry_year"),
            ("4111111111111111", 12, 2029, "99", "card.cvc"),
            ("4111111111111111", 12, 2029, "12a", "card.cvc"),
        ]
    )
    func invalid(number: String, month: Int, year: Int, cvc: String?, field: String) {
        do {
            _ = try CardDetails(number: number, expiryMonth: month, expiryYear: year, cvc: cvc)
            Issue.record("accepted invalid card data")
        } catch {
            #expect(error.code == .badRequest)
            #expect(error.details["field"] == .string(field))
        }
    }
}
