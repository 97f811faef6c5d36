extension RedactionScanner {
    /// At `@`: masks the local part of an e-mail address to its first character and `***`.
    /// Returns where to continue.
    mutating func scanEmail(at sign: Int) -> Int {
        var localStart = sign
        while localStart > copied, Self.isLocalPartByte(input[localStart - 1]) { localStart -= 1 }
        guard localStart < sign, let domainEnd = domainEnd(from: sign + 1) else { return sign + 1 }
        replace(localStart + 1..<sign, with: RedactionText.emailMask)
        return domainEnd
    }

    private static func isLocalPartByte(_ byte: UInt8) -> Bool {
        byte.isASCIIAlphanumeric || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }

    /// The end of a domain name starting at `start` — at least two dot-separated labels of letters,
    /// digits and dashes, the last one at least two letters — or `nil`. A trailing dot (end of a
    /// sentence) is not part of it.
    private func domainEnd(from start: Int) -> Int? {
        var end = start
        while let current = byte(at: end), current.isASCIIAlphanumeric || current == UInt8(ascii: "-") || current == UInt8(ascii: ".") {
            end += 1
        }
        while end > start, input[end - 1] == UInt8(ascii: ".") || input[end - 1] == UInt8(ascii: "-") { end -= 1 }
        guard end > start, input[start] != UInt8(ascii: ".") else { return nil }
        var lastDot: Int?
        var previousWasDot = false
        for index in start..<end {
            let isDot = input[index] == UInt8(ascii: ".")
            if isDot && previousWasDot { return nil }
            if isDot { lastDot = index }
            previousWasDot = isDot
        }
        guard let lastDot, end - lastDot - 1 >= 2 else { return nil }
        for index in lastDot + 1..<end where !input[index].isASCIILetter { return nil }
        return end
    }

    /// At the first digit of a run: an IPv4 address (four decimal octets of at most 255, not part
    /// of a longer dotted number) gets its last octet replaced by `x`. Returns where to continue,
    /// or `nil` if there is no address here.
    mutating func scanIPv4(at start: Int) -> Int? {
        if let previous = byte(at: start - 1), previous == UInt8(ascii: ".") { return nil }
        var index = start
        var lastOctetStart = start
        for octet in 0..<4 {
            if octet > 0 {
                guard byte(at: index) == UInt8(ascii: ".") else { return nil }
                index += 1
            }
            let octetEnd = endOfDigits(from: index)
            guard octetEnd > index, octetEnd - index <= 3 else { return nil }
            var value = 0
            for digit in input[index..<octetEnd] { value = value * 10 + Int(digit &- UInt8(ascii: "0")) }
            guard value <= 255 else { return nil }
            lastOctetStart = index
            index = octetEnd
        }
        if byte(at: index) == UInt8(ascii: "."), byte(at: index + 1)?.isASCIIDigit == true { return nil }
        replace(lastOctetStart..<index, with: RedactionText.octetMask)
        return index
    }
}
