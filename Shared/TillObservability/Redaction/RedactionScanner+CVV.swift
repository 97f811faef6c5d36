extension RedactionScanner {
    /// At `c` or `C`: a CVV label (`cvv`, `cvc`, optionally followed by `2`) and its 3–4 digit
    /// value, separated by any of an optional quote, spaces, one `:` or `=`, spaces and an optional
    /// quote. Only the value is replaced. Returns where to continue.
    mutating func scanCVV(at start: Int) -> Int {
        guard start == 0 || !input[start - 1].isASCIILetter,
            let second = byte(at: start + 1), second | 0x20 == UInt8(ascii: "v"),
            let third = byte(at: start + 2), third | 0x20 == UInt8(ascii: "v") || third | 0x20 == UInt8(ascii: "c")
        else { return start + 1 }
        var index = start + 3
        if byte(at: index) == UInt8(ascii: "2") { index += 1 }
        if let next = byte(at: index), next.isASCIIAlphanumeric { return start + 1 }

        index = skipQuote(from: index)
        index = skipSpaces(from: index)
        if let separator = byte(at: index), separator == UInt8(ascii: ":") || separator == UInt8(ascii: "=") {
            index += 1
        }
        index = skipSpaces(from: index)
        index = skipQuote(from: index)

        let valueEnd = endOfDigits(from: index)
        let valueLength = valueEnd - index
        guard valueLength == 3 || valueLength == 4, byte(at: valueEnd)?.isASCIILetter != true else { return start + 1 }
        replace(index..<valueEnd, with: RedactionText.cvv)
        return valueEnd
    }

    private func skipQuote(from index: Int) -> Int {
        guard let quote = byte(at: index), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return index }
        return index + 1
    }

    private func skipSpaces(from index: Int) -> Int {
        var index = index
        while let space = byte(at: index), space == UInt8(ascii: " ") || space == 0x09 { index += 1 }
        return index
    }
}
