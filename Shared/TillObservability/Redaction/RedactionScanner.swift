/// One left-to-right pass over a line's UTF-8 bytes that finds what to redact.
///
/// Output is built lazily: until the first replacement nothing is copied, and `copied` marks how
/// much of the input has been emitted (or replaced) so far. Every detector starts at the byte
/// that triggers it and only ever replaces ASCII ranges at or after `copied`, so the output stays
/// valid UTF-8.
struct RedactionScanner {
    let input: UnsafeBufferPointer<UInt8>
    let masksEmailAddresses: Bool
    let masksIPv4Addresses: Bool
    private var output: [UInt8] = []
    private var changed = false
    /// Input before this index has been emitted or replaced.
    private(set) var copied = 0

    init(input: UnsafeBufferPointer<UInt8>, masksEmailAddresses: Bool, masksIPv4Addresses: Bool) {
        self.input = input
        self.masksEmailAddresses = masksEmailAddresses
        self.masksIPv4Addresses = masksIPv4Addresses
    }

    /// Scans the input; the redacted bytes, or `nil` if nothing was replaced.
    mutating func run() -> [UInt8]? {
        guard mayContainSomethingToRedact() else { return nil }
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            if byte.isASCIIDigit {
                index = index > 0 && input[index - 1].isASCIIDigit ? index + 1 : scanDigits(at: index)
            } else if byte == UInt8(ascii: "@") {
                index = masksEmailAddresses ? scanEmail(at: index) : index + 1
            } else if byte == UInt8(ascii: "%") {
                index = scanTrackOne(at: index)
            } else if byte == UInt8(ascii: ";") {
                index = scanTrackTwo(at: index)
            } else if byte | 0x20 == UInt8(ascii: "c") {
                index = scanCVV(at: index)
            } else {
                index += 1
            }
        }
        guard changed else { return nil }
        output.append(contentsOf: input[copied...])
        return output
    }

    /// Everything this scanner redacts contains a digit or an `@`.
    private func mayContainSomethingToRedact() -> Bool {
        for byte in input where byte.isASCIIDigit || byte == UInt8(ascii: "@") {
            return true
        }
        return false
    }

    /// Replaces `range` (at or after ``copied``) with `replacement`.
    mutating func replace(_ range: Range<Int>, with replacement: some Collection<UInt8>) {
        assert(range.lowerBound >= copied, "replacements move forward")
        if !changed {
            changed = true
            output.reserveCapacity(input.count + 16)
        }
        output.append(contentsOf: input[copied..<range.lowerBound])
        output.append(contentsOf: replacement)
        copied = range.upperBound
    }

    /// The byte at `index`, or `nil` past the end.
    func byte(at index: Int) -> UInt8? {
        index >= 0 && index < input.count ? input[index] : nil
    }

    /// The index of the first non-digit at or after `index`.
    func endOfDigits(from index: Int) -> Int {
        var end = index
        while end < input.count, input[end].isASCIIDigit { end += 1 }
        return end
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { self &- UInt8(ascii: "0") < 10 }
    var isASCIILetter: Bool { (self | 0x20) &- UInt8(ascii: "a") < 26 }
    var isASCIIAlphanumeric: Bool { isASCIIDigit || isASCIILetter }
}

enum RedactionText {
    static let cardMask = Array("************".utf8)
    static let cvv = Array("[REDACTED_CVV]".utf8)
    static let track = Array("[REDACTED_TRACK]".utf8)
    static let emailMask = Array("***".utf8)
    static let octetMask = Array("x".utf8)
}
