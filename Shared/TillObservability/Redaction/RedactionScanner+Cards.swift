extension RedactionScanner {
    /// The longest track 1 (ISO/IEC 7813), in bytes.
    private static let trackOneMaximumLength = 79
    /// The longest track 1 name field.
    private static let trackOneNameMaximumLength = 26

    /// At the first digit of a run (the byte before is not a digit): an IPv4 address, a card
    /// number (possibly the start of track data), or nothing. Returns where to continue.
    mutating func scanDigits(at start: Int) -> Int {
        if masksIPv4Addresses, let next = scanIPv4(at: start) {
            return next
        }
        guard let end = longestCardNumber(from: start) else {
            return endOfDigits(from: start)
        }
        if byte(at: end) == UInt8(ascii: "^"), let trackEnd = trackOneEnd(firstCaret: end, trackStart: start) {
            let sentinelStart = byte(at: start - 1).map { $0 | 0x20 } == UInt8(ascii: "b") && start - 1 >= copied ? start - 1 : start
            replace(sentinelStart..<trackEnd, with: RedactionText.track)
            return trackEnd
        }
        if byte(at: end) == UInt8(ascii: "="), endOfDigits(from: end + 1) - (end + 1) >= 4 {
            var trackEnd = endOfDigits(from: end + 1)
            if byte(at: trackEnd) == UInt8(ascii: "?") { trackEnd += 1 }
            replace(start..<trackEnd, with: RedactionText.track)
            return trackEnd
        }
        replace(start..<end, with: RedactionText.cardMask + lastFourDigits(before: end))
        return end
    }

    /// The end of the longest Luhn-valid run of 13–19 digits that starts at `start` and ends at the
    /// end of a digit group, with single spaces or dashes allowed between digits.
    private func longestCardNumber(from start: Int) -> Int? {
        var luhn = Luhn.Accumulator()
        var digits = 0
        var index = start
        var best: Int?
        while index < input.count {
            let current = input[index]
            if current.isASCIIDigit {
                digits += 1
                guard digits <= 19 else { break }
                luhn.append(current &- UInt8(ascii: "0"))
                index += 1
                let groupEnds = index == input.count || !input[index].isASCIIDigit
                if groupEnds, digits >= 13, luhn.isValid { best = index }
            } else if current == UInt8(ascii: " ") || current == UInt8(ascii: "-"),
                byte(at: index + 1)?.isASCIIDigit == true
            {
                index += 1
            } else {
                break
            }
        }
        return best
    }

    /// The last four digits before `end`, skipping separators.
    private func lastFourDigits(before end: Int) -> [UInt8] {
        var digits: [UInt8] = []
        var index = end - 1
        while digits.count < 4, index >= 0 {
            if input[index].isASCIIDigit { digits.append(input[index]) }
            index -= 1
        }
        return digits.reversed()
    }

    /// At `%`: track 1, `%B<1–19 digits>^<name>^<data>?`. Returns where to continue.
    mutating func scanTrackOne(at start: Int) -> Int {
        guard byte(at: start + 1).map({ $0 | 0x20 }) == UInt8(ascii: "b") else { return start + 1 }
        let panEnd = endOfDigits(from: start + 2)
        let panLength = panEnd - (start + 2)
        guard panLength >= 1, panLength <= 19, byte(at: panEnd) == UInt8(ascii: "^"),
            let end = trackOneEnd(firstCaret: panEnd, trackStart: start)
        else { return start + 1 }
        replace(start..<end, with: RedactionText.track)
        return end
    }

    /// The end of track 1 data whose first field separator is at `firstCaret`: after the end
    /// sentinel `?`, or — when the sentinel is missing — at the first space, quote or comma after
    /// the name. `nil` if there is no second separator after a plausible name.
    private func trackOneEnd(firstCaret: Int, trackStart: Int) -> Int? {
        let limit = min(input.count, trackStart + Self.trackOneMaximumLength)
        var index = firstCaret + 1
        while index < limit, input[index] != UInt8(ascii: "^"), index - firstCaret <= Self.trackOneNameMaximumLength + 1 {
            index += 1
        }
        guard index < limit, input[index] == UInt8(ascii: "^") else { return nil }
        var end = index + 1
        while end < limit {
            switch input[end] {
            case UInt8(ascii: "?"): return end + 1
            case UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "'"), 0x09, 0x0A, 0x0D: return end
            default: end += 1
            }
        }
        return end
    }

    /// At `;`: track 2, `;<12–19 digits>=<digits>[?]`. Returns where to continue.
    mutating func scanTrackTwo(at start: Int) -> Int {
        let panEnd = endOfDigits(from: start + 1)
        let panLength = panEnd - (start + 1)
        guard panLength >= 12, panLength <= 19, byte(at: panEnd) == UInt8(ascii: "=") else { return start + 1 }
        var end = endOfDigits(from: panEnd + 1)
        if byte(at: end) == UInt8(ascii: "?") { end += 1 }
        replace(start..<end, with: RedactionText.track)
        return end
    }
}
