/// A strict, allocation-free JSON validator that reports where the members of the root object are.
///
/// Every frame passes through here once: the scan proves the frame is valid UTF-8 JSON (RFC 8259)
/// holding one object, and hands back the position of each top-level member's value, so the
/// envelope fields are read without building a tree and typed `params` are decoded from their own
/// slice by `JSONDecoder` later.
enum JSONScanner {
    /// Nesting deeper than this is refused rather than risking the stack.
    static let maximumDepth = 128

    /// Validates `bytes` as one JSON object and calls `member` with the raw key bytes (without quotes,
    /// escapes left in place) and the value's span, for each top-level member in order.
    static func scanObject(
        _ bytes: UnsafeRawBufferPointer,
        member: (_ key: UnsafeRawBufferPointer, _ keyHasEscapes: Bool, _ value: JSONSpan) -> Void
    ) throws(JSONScanError) {
        var cursor = Cursor(bytes: bytes)
        cursor.skipWhitespace()
        guard cursor.peek() == UInt8(ascii: "{") else {
            // Distinguish "valid JSON but not an object" from garbage, for a helpful message.
            _ = try cursor.value(depth: 0)
            cursor.skipWhitespace()
            guard cursor.isAtEnd else { throw JSONScanError(.trailingBytes, at: cursor.index) }
            throw JSONScanError(.notAnObject, at: 0)
        }
        try cursor.object(depth: 0, member: member)
        cursor.skipWhitespace()
        guard cursor.isAtEnd else { throw JSONScanError(.trailingBytes, at: cursor.index) }
    }
}

/// Why a frame is not a JSON object. Positions are byte offsets into the frame.
struct JSONScanError: Error, Hashable, CustomStringConvertible {
    enum Reason: String, Sendable {
        case unexpectedEnd = "unexpected end of input"
        case unexpectedByte = "unexpected character"
        case invalidUTF8 = "invalid UTF-8"
        case controlCharacterInString = "unescaped control character in string"
        case invalidEscape = "invalid escape sequence"
        case invalidNumber = "invalid number"
        case tooDeep = "nesting too deep"
        case trailingBytes = "unexpected data after the JSON value"
        case notAnObject = "frame is not a JSON object"
    }

    let reason: Reason
    let offset: Int

    init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    var description: String {
        reason == .notAnObject ? reason.rawValue : "\(reason.rawValue) at byte \(offset)"
    }
}

/// The kind and byte range of one JSON value inside a frame.
struct JSONSpan: Hashable, Sendable {
    enum Kind: Hashable, Sendable { case object, array, string, number, bool, null }

    var kind: Kind
    /// The value's bytes; for a string, the bytes between the quotes.
    var range: Range<Int>
    /// For strings: whether the content contains a backslash escape.
    var hasEscapes: Bool

    /// Moves the span by `offset` bytes (relative offsets become buffer indices).
    func shifted(by offset: Int) -> JSONSpan {
        JSONSpan(kind: kind, range: (range.lowerBound + offset)..<(range.upperBound + offset), hasEscapes: hasEscapes)
    }
}

private struct Cursor {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var isAtEnd: Bool { index >= bytes.count }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws(JSONScanError) {
        guard let next = peek() else { throw JSONScanError(.unexpectedEnd, at: index) }
        guard next == byte else { throw JSONScanError(.unexpectedByte, at: index) }
        index += 1
    }

    mutating func value(depth: Int) throws(JSONScanError) -> JSONSpan {
        guard let first = peek() else { throw JSONScanError(.unexpectedEnd, at: index) }
        let start = index
        switch first {
        case UInt8(ascii: "{"):
            try object(depth: depth + 1) { _, _, _ in }
            return JSONSpan(kind: .object, range: start..<index, hasEscapes: false)
        case UInt8(ascii: "["):
            try array(depth: depth + 1)
            return JSONSpan(kind: .array, range: start..<index, hasEscapes: false)
        case UInt8(ascii: "\""):
            return try string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try number()
            return JSONSpan(kind: .number, range: start..<index, hasEscapes: false)
        case UInt8(ascii: "t"):
            try literal("true")
            return JSONSpan(kind: .bool, range: start..<index, hasEscapes: false)
        case UInt8(ascii: "f"):
            try literal("false")
            return JSONSpan(kind: .bool, range: start..<index, hasEscapes: false)
        case UInt8(ascii: "n"):
            try literal("null")
            return JSONSpan(kind: .null, range: start..<index, hasEscapes: false)
        default:
            throw JSONScanError(.unexpectedByte, at: index)
        }
    }

    mutating func object(
        depth: Int,
        member: (UnsafeRawBufferPointer, Bool, JSONSpan) -> Void
    ) throws(JSONScanError) {
        guard depth <= JSONScanner.maximumDepth else { throw JSONScanError(.tooDeep, at: index) }
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else {
                throw JSONScanError(isAtEnd ? .unexpectedEnd : .unexpectedByte, at: index)
            }
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let span = try value(depth: depth)
            member(UnsafeRawBufferPointer(rebasing: bytes[key.range]), key.hasEscapes, span)
            skipWhitespace()
            guard let next = peek() else { throw JSONScanError(.unexpectedEnd, at: index) }
            index += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw JSONScanError(.unexpectedByte, at: index - 1) }
        }
    }

    mutating func array(depth: Int) throws(JSONScanError) {
        guard depth <= JSONScanner.maximumDepth else { throw JSONScanError(.tooDeep, at: index) }
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            _ = try value(depth: depth)
            skipWhitespace()
            guard let next = peek() else { throw JSONScanError(.unexpectedEnd, at: index) }
            index += 1
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw JSONScanError(.unexpectedByte, at: index - 1) }
        }
    }

    /// Scans a string starting at its opening quote; the span covers the content between the quotes.
    mutating func string() throws(JSONScanError) -> JSONSpan {
        index += 1
        let start = index
        var hasEscapes = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let span = JSONSpan(kind: .string, range: start..<index, hasEscapes: hasEscapes)
                index += 1
                return span
            case UInt8(ascii: "\\"):
                hasEscapes = true
                try escape()
            case 0x00..<0x20:
                throw JSONScanError(.controlCharacterInString, at: index)
            case 0x20..<0x80:
                index += 1
            default:
                try multiByteScalar()
            }
        }
        throw JSONScanError(.unexpectedEnd, at: index)
    }

    private mutating func escape() throws(JSONScanError) {
        index += 1
        guard let kind = peek() else { throw JSONScanError(.unexpectedEnd, at: index) }
        switch kind {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            index += 1
        case UInt8(ascii: "u"):
            index += 1
            guard index + 4 <= bytes.count else { throw JSONScanError(.unexpectedEnd, at: index) }
            for offset in 0..<4 where JSONText.hexValue(bytes[index + offset]) == nil {
                throw JSONScanError(.invalidEscape, at: index + offset)
            }
            index += 4
        default:
            throw JSONScanError(.invalidEscape, at: index)
        }
    }

    /// Validates one UTF-8 encoded scalar of two to four bytes (RFC 3629: no overlongs, no surrogates).
    private mutating func multiByteScalar() throws(JSONScanError) {
        let lead = bytes[index]
        let continuationCount: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: continuationCount = 1
        case 0xE0: continuationCount = 2; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: continuationCount = 2
        case 0xED: continuationCount = 2; secondRange = 0x80...0x9F
        case 0xF0: continuationCount = 3; secondRange = 0x90...0xBF
        case 0xF1...0xF3: continuationCount = 3
        case 0xF4: continuationCount = 3; secondRange = 0x80...0x8F
        default: throw JSONScanError(.invalidUTF8, at: index)
        }
        guard index + continuationCount < bytes.count else { throw JSONScanError(.invalidUTF8, at: index) }
        guard secondRange.contains(bytes[index + 1]) else { throw JSONScanError(.invalidUTF8, at: index + 1) }
        var offset = 2
        while offset <= continuationCount {
            guard (0x80...0xBF).contains(bytes[index + offset]) else {
                throw JSONScanError(.invalidUTF8, at: index + offset)
            }
            offset += 1
        }
        index += continuationCount + 1
    }

    private mutating func number() throws(JSONScanError) {
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek() else { throw JSONScanError(.unexpectedEnd, at: index) }
        if first == UInt8(ascii: "0") {
            index += 1
        } else if JSONText.isDigit(first) {
            skipDigits()
        } else {
            throw JSONScanError(.invalidNumber, at: index)
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            try requireDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            try requireDigits()
        }
    }

    private mutating func requireDigits() throws(JSONScanError) {
        guard let next = peek(), JSONText.isDigit(next) else { throw JSONScanError(.invalidNumber, at: index) }
        skipDigits()
    }

    private mutating func skipDigits() {
        while let next = peek(), JSONText.isDigit(next) { index += 1 }
    }

    private mutating func literal(_ word: StaticString) throws(JSONScanError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw JSONScanError(.unexpectedEnd, at: index) }
        let expected = UnsafeRawBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw JSONScanError(.unexpectedByte, at: index + offset)
        }
        index += count
    }
}
