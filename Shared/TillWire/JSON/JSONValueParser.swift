import NIOCore

/// Builds a ``JSONValue`` straight from JSON bytes.
///
/// `JSONValue`'s `Decodable` conformance has to guess the kind of each value by trying every
/// kind in turn through `JSONDecoder`, and each wrong guess throws; untyped results (benchmarks,
/// `till`, generic clients) are read here instead, in one pass. The input is a span of a frame
/// ``JSONScanner`` has already validated; anything unexpected still throws rather than trapping.
enum JSONValueParser {
    /// Nesting deeper than this is refused rather than risking the stack (as ``JSONScanner``).
    static let maximumDepth = JSONScanner.maximumDepth

    /// Why bytes could not be read as one JSON value.
    struct Failure: Error, Hashable {
        /// Byte offset where reading stopped.
        var offset: Int
    }

    /// The value `buffer`'s readable bytes hold (surrounding whitespace allowed).
    static func parse(_ buffer: ByteBuffer) throws(Failure) -> JSONValue {
        let result = buffer.withUnsafeReadableBytes { bytes in
            Result { () throws(Failure) -> JSONValue in try parse(bytes) }
        }
        return try result.get()
    }

    /// The value `bytes` hold (surrounding whitespace allowed).
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        var cursor = Cursor(bytes: bytes)
        let value = try cursor.value(depth: 0)
        cursor.skipWhitespace()
        guard cursor.index == bytes.count else { throw Failure(offset: cursor.index) }
        return value
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func expect(_ literal: StaticString) throws(Failure) {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw Failure(offset: index) }
            for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
                throw Failure(offset: index + offset)
            }
            index += count
        }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            guard depth < JSONValueParser.maximumDepth else { throw Failure(offset: index) }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: "{"): return try object(depth: depth)
            case UInt8(ascii: "["): return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            case .some: return try number()
            case nil: throw Failure(offset: index)
            }
        }

        mutating func object(depth: Int) throws(Failure) -> JSONValue {
            index += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if peek() == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else { throw Failure(offset: index) }
                let key = try string()
                skipWhitespace()
                guard peek() == UInt8(ascii: ":") else { throw Failure(offset: index) }
                index += 1
                members[key] = try value(depth: depth + 1)
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return .object(members)
                default: throw Failure(offset: index)
                }
            }
        }

        mutating func array(depth: Int) throws(Failure) -> JSONValue {
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if peek() == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return .array(elements)
                default: throw Failure(offset: index)
                }
            }
        }

        /// A string literal at `index` (on its opening quote).
        mutating func string() throws(Failure) -> String {
            index += 1
            let start = index
            var hasEscapes = false
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    let content = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                    index += 1
                    return JSONText.string(content, hasEscapes: hasEscapes)
                case UInt8(ascii: "\\"):
                    hasEscapes = true
                    // An escape is at least two bytes; `\u` has four hex digits more.
                    let length = index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "u") ? 6 : 2
                    guard index + length <= bytes.count else { throw Failure(offset: index) }
                    index += length
                case 0..<0x20:
                    throw Failure(offset: index)
                default:
                    index += 1
                }
            }
            throw Failure(offset: index)
        }

        /// An integer (exact, when it fits `Int64`) or a double.
        mutating func number() throws(Failure) -> JSONValue {
            let start = index
            var isInteger = true
            while index < bytes.count, Self.isNumberByte(bytes[index]) {
                switch bytes[index] {
                case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): isInteger = false
                default: break
                }
                index += 1
            }
            let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
            guard !text.isEmpty else { throw Failure(offset: start) }
            if isInteger, let integer = JSONText.integer(text) { return .integer(integer) }
            guard let double = Double(String(decoding: text, as: UTF8.self)), double.isFinite else {
                throw Failure(offset: start)
            }
            return .double(double)
        }

        static func isNumberByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"),
                 UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                return true
            default:
                return false
            }
        }
    }
}
