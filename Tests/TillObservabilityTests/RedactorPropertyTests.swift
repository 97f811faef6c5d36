import PropertyBased
import Testing
import TillObservability

@Suite("Redactor properties")
struct RedactorPropertyTests {
    let redactor = Redactor()

    /// Digits `0`…`9` as ASCII bytes.
    static let digit = Gen.int(in: 0...9).map { UInt8(ascii: "0") + UInt8($0) }

    /// A Luhn-valid card number of 13–19 digits.
    static let cardNumber = digit.array(of: 12...18).map { payload -> [UInt8] in
        payload + [UInt8(ascii: "0") + Luhn.checkDigit(forPayload: payload)]
    }

    /// Separator after each digit: none, one space or one dash.
    static let separators = Gen.element(of: ["", " ", "-"]).array(of: 19)

    /// A card number written with the chosen separators between its digits.
    static func written(_ digits: [UInt8], separators: [String?]) -> String {
        var text = ""
        for (index, digit) in digits.enumerated() {
            text.unicodeScalars.append(Unicode.Scalar(digit))
            if index < digits.count - 1 { text += separators[index] ?? "" }
        }
        return text
    }

    @Test("every Luhn-valid 13–19 digit number is masked, whatever its separators")
    func cardsAreMasked() async {
        await propertyCheck(count: 300, input: Self.cardNumber, Self.separators) { digits, separators in
            let number = Self.written(digits, separators: separators)
            let lastFour = String(decoding: digits.suffix(4), as: UTF8.self)
            #expect(redactor.redact("card \(number) ok") == "card ************\(lastFour) ok")
        }
    }

    @Test("every uniformly separated card number is masked")
    func uniformSeparatorsAreMasked() async {
        await propertyCheck(count: 200, input: Self.cardNumber, Gen.element(of: [" ", "-"])) { digits, separator in
            let number = Self.written(digits, separators: Array(repeating: separator, count: 19))
            #expect(redactor.redact("pan \(number)").hasPrefix("pan ************"))
        }
    }

    @Test("contiguous digit runs that fail Luhn survive")
    func nonLuhnRunsSurvive() async {
        let run = Self.digit.array(of: 13...19).filter { !Luhn.isValid(asciiDigits: $0) }
        await propertyCheck(count: 300, input: run) { digits in
            let text = "ref \(String(decoding: digits, as: UTF8.self)) end"
            #expect(redactor.redact(text) == text)
        }
    }

    @Test("digit runs too short or too long for a card survive")
    func wrongLengthRunsSurvive() async {
        let short = Self.digit.array(of: 1...12)
        let long = Self.digit.array(of: 20...40)
        await propertyCheck(count: 200, input: short, long) { shortRun, longRun in
            let text = "a \(String(decoding: shortRun, as: UTF8.self)) b \(String(decoding: longRun, as: UTF8.self)) c"
            #expect(redactor.redact(text) == text)
        }
    }

    @Test("dates and 4-digit numbers survive")
    func datesSurvive() async {
        await propertyCheck(
            count: 300,
            input: Gen.int(in: 1970...2099), Gen.int(in: 1...12), Gen.int(in: 1...28), Gen.int(in: 0...9999)
        ) { year, month, day, number in
            let mm = month < 10 ? "0\(month)" : "\(month)"
            let dd = day < 10 ? "0\(day)" : "\(day)"
            let text = "on \(year)-\(mm)-\(dd) (\(dd)/\(mm)/\(year), exp \(mm)/\(year % 100)) last4 \(number)"
            #expect(redactor.redact(text) == text)
        }
    }
}
