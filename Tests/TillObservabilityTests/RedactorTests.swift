import Testing
import TillObservability

@Suite("Redactor")
struct RedactorTests {
    let redactor = Redactor()

    @Test("seed example from the payments library")
    func seed() {
        #expect(redactor.redact("card 4111-1111-1111-1111 cvv: 999") == "card ************1111 cvv: [REDACTED_CVV]")
        #expect(
            redactor.redact("Customer support note: card 4111-1111-1111-1111 cvv: 999 was used")
                == "Customer support note: card ************1111 cvv: [REDACTED_CVV] was used"
        )
    }

    @Test(
        "card numbers that pass Luhn are masked to the last four",
        arguments: [
            ("4111111111111111", "************1111"),
            ("4111 1111 1111 1111", "************1111"),
            ("4111-1111-1111-1111", "************1111"),
            ("pan=5555555555554444;", "pan=************4444;"),
            ("amex 378282246310005.", "amex ************0005."),
            ("amex 3782 822463 10005", "amex ************0005"),
            ("13 digits 4222222222222 end", "13 digits ************2222 end"),
            ("19 digits 6011111111111111110 end", "19 digits ************1110 end"),
            ("{\"pan\":\"4242424242424242\"}", "{\"pan\":\"************4242\"}"),
            ("x4111111111111111y", "x************1111y"),
            ("two 4111111111111111 and 5555555555554444", "two ************1111 and ************4444"),
            ("4111 1111 1111 1111 12/29", "************1111 12/29"),
        ]
    )
    func cardNumbers(input: String, expected: String) {
        #expect(redactor.redact(input) == expected)
    }

    @Test(
        "labelled CVV and CVC values are replaced, labels kept",
        arguments: [
            ("cvv: 999", "cvv: [REDACTED_CVV]"),
            ("CVC=123", "CVC=[REDACTED_CVV]"),
            ("{\"cvc\":\"123\"}", "{\"cvc\":\"[REDACTED_CVV]\"}"),
            ("{\"cvv\": \"1234\"}", "{\"cvv\": \"[REDACTED_CVV]\"}"),
            ("cvv2 = 321,", "cvv2 = [REDACTED_CVV],"),
            ("CVC2:0007", "CVC2:[REDACTED_CVV]"),
            ("card_cvv=555", "card_cvv=[REDACTED_CVV]"),
            ("Cvv 777 given", "Cvv [REDACTED_CVV] given"),
        ]
    )
    func cvv(input: String, expected: String) {
        #expect(redactor.redact(input) == expected)
    }

    @Test(
        "things that look like a CVV but are not labelled one stay",
        arguments: [
            "cvv: 99",
            "cvv: 12345",
            "cvvx: 123",
            "abcvv: 123",
            "code 123",
            "cvc: 123abc",
            "cvv: none",
        ]
    )
    func notCVV(input: String) {
        #expect(redactor.redact(input) == input)
    }

    @Test(
        "track 1 and track 2 data are replaced whole",
        arguments: [
            ("t1 %B4111111111111111^DOE/JOHN^29121010000000000000? end", "t1 [REDACTED_TRACK] end"),
            ("t2 ;4111111111111111=29121010000000000000? end", "t2 [REDACTED_TRACK] end"),
            ("t2 ;4111111111111112=2912101? end", "t2 [REDACTED_TRACK] end"),
            ("raw 4111111111111111=29121010000 end", "raw [REDACTED_TRACK] end"),
            ("t1 B4111111111111111^DOE/JOHN^2912101000 end", "t1 [REDACTED_TRACK] end"),
            ("t1 %B4111111111111111^SMITH/ANN^2912101 end", "t1 [REDACTED_TRACK] end"),
        ]
    )
    func tracks(input: String, expected: String) {
        #expect(redactor.redact(input) == expected)
    }

    @Test(
        "brands, expiry dates, last four, dates, ids and non-Luhn runs stay",
        arguments: [
            "Visa ending 1111 exp 12/29",
            "expiry 12/2029",
            "on 2025-11-23T10:00:00Z",
            "order ord_20251123_000123 for 4999 cents",
            "trace 4bf92f3577b34da6a3ce929d0e0e4736",
            "digits 4111111111111112",
            "long 41111111111111111111111",
            "short 411111111111",
            "phone +1 415 555 0100",
            "ts 1764000000",
            "version 2.101.3",
            "no digits at all here",
            "",
        ]
    )
    func untouched(input: String) {
        #expect(redactor.redact(input) == input)
    }

    @Test(
        "e-mail addresses keep their first character and domain",
        arguments: [
            ("user bob@example.com signed in", "user b***@example.com signed in"),
            ("<Alice.Smith+tag@mail.example.co.uk>", "<A***@mail.example.co.uk>"),
            ("x@example.com.", "x***@example.com."),
            ("\"email\":\"blocked@example.com\"", "\"email\":\"b***@example.com\""),
        ]
    )
    func emails(input: String, expected: String) {
        #expect(redactor.redact(input) == expected)
    }

    @Test("@ without an address stays", arguments: ["@home", "a@b", "me@localhost", "price @ 12", "x@.com", "x@a..com"])
    func notEmail(input: String) {
        #expect(redactor.redact(input) == input)
    }

    @Test(
        "IPv4 addresses are cut to their /24",
        arguments: [
            ("client 203.0.113.7 connected", "client 203.0.113.x connected"),
            ("ip=10.1.2.255,", "ip=10.1.2.x,"),
            ("[192.168.0.1]:443", "[192.168.0.x]:443"),
        ]
    )
    func ipv4(input: String, expected: String) {
        #expect(redactor.redact(input) == expected)
    }

    @Test("dotted numbers that are not IPv4 addresses stay", arguments: ["1.2.3.4.5", "256.1.1.1", "1.2.3", "v 1.2.3.4444"])
    func notIPv4(input: String) {
        #expect(redactor.redact(input) == input)
    }

    @Test("e-mail and IP masking can be turned off")
    func optionsOff() {
        let cardsOnly = Redactor(masksEmailAddresses: false, masksIPv4Addresses: false)
        let line = "bob@example.com from 203.0.113.7 paid with 4111111111111111"
        #expect(cardsOnly.redact(line) == "bob@example.com from 203.0.113.7 paid with ************1111")
    }

    @Test("redacting twice changes nothing more")
    func idempotent() {
        let line = "card 4111-1111-1111-1111 cvv: 999 bob@example.com 203.0.113.7 %B4111111111111111^DOE/JOHN^2912101?"
        let once = redactor.redact(line)
        #expect(redactor.redact(once) == once)
        #expect(!once.contains("4111-1111"))
    }

    @Test("non-ASCII text around redactions survives intact")
    func unicode() {
        #expect(redactor.redact("Zahlung 💳 4111111111111111 für Jörg") == "Zahlung 💳 ************1111 für Jörg")
    }

    @Test("Luhn check digits")
    func luhn() {
        #expect(Luhn.isValid("4111111111111111"))
        #expect(!Luhn.isValid("4111111111111112"))
        #expect(Luhn.isValid("79927398713"))
        #expect(Luhn.checkDigit(forPayload: Array("7992739871".utf8)) == 3)
        #expect(!Luhn.isValid("41a1"))
    }
}
