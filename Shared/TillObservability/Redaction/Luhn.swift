/// The Luhn (mod 10) checksum that every payment card number satisfies.
public enum Luhn {
    /// Whether `digits` (ASCII `0`–`9` only, at least two) pass the Luhn check.
    public static func isValid(asciiDigits digits: some Collection<UInt8>) -> Bool {
        guard digits.count >= 2 else { return false }
        var accumulator = Accumulator()
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            accumulator.append(byte &- UInt8(ascii: "0"))
        }
        return accumulator.isValid
    }

    /// Whether the decimal digits of `number` pass the Luhn check.
    public static func isValid(_ number: some StringProtocol) -> Bool {
        isValid(asciiDigits: number.utf8)
    }

    /// The digit (0–9) that, appended to `payload` (ASCII digits), makes it pass the Luhn check.
    public static func checkDigit(forPayload payload: some Collection<UInt8>) -> UInt8 {
        var accumulator = Accumulator()
        for byte in payload { accumulator.append(byte &- UInt8(ascii: "0")) }
        // With one more digit appended, today's "shifted" sum becomes the real one.
        return UInt8((10 - accumulator.shiftedSum % 10) % 10)
    }

    /// Luhn sums of a digit sequence read left to right, without knowing its final length.
    ///
    /// `sum` is the checksum if the sequence ended here (rightmost digit not doubled);
    /// `shiftedSum` is the checksum of the same digits one position further left (rightmost
    /// doubled). Appending a digit shifts every earlier digit, so the two swap roles.
    struct Accumulator {
        private(set) var sum = 0
        private(set) var shiftedSum = 0

        mutating func append(_ digit: UInt8) {
            let value = Int(digit)
            let doubled = value < 5 ? value * 2 : value * 2 - 9
            (sum, shiftedSum) = (shiftedSum + value, sum + doubled)
        }

        var isValid: Bool { sum % 10 == 0 }
    }
}
