import TillWire

extension JSONValueParser {
    /// A string starting at the opening quote; the common unescaped case is one scan and one copy.
    mutating func string() throws(Failure) -> String {
        index += 1
        let start = index
        while let byte = current {
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: bytes[start..<index - 1], as: UTF8.self)
            case UInt8(ascii: "\\"):
                var utf8 = Array(bytes[start..<index])
                return try escapedString(continuing: &utf8)
            case 0..<0x20:
                throw failure("unescaped control character in string")
            default:
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    private mutating func escapedString(continuing utf8: inout [UInt8]) throws(Failure) -> String {
        var pendingHighSurrogate: UInt32?
        func flushSurrogate() {
            if pendingHighSurrogate != nil {
                utf8.append(contentsOf: [0xEF, 0xBF, 0xBD])
                pendingHighSurrogate = nil
            }
        }
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flushSurrogate()
                return String(decoding: utf8, as: UTF8.self)
            case 0..<0x20:
                index -= 1
                throw failure("unescaped control character in string")
            case UInt8(ascii: "\\"):
                guard let kind = current else { break }
                index += 1
                if kind == UInt8(ascii: "u") {
                    let unit = try hexQuad()
                    if let high = pendingHighSurrogate, (0xDC00...0xDFFF).contains(unit) {
                        pendingHighSurrogate = nil
                        Self.append(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &utf8)
                    } else {
                        flushSurrogate()
                        if (0xD800...0xDBFF).contains(unit) {
                            pendingHighSurrogate = unit
                        } else {
                            Self.append((0xDC00...0xDFFF).contains(unit) ? 0xFFFD : unit, to: &utf8)
                        }
                    }
                    continue
                }
                flushSurrogate()
                switch kind {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(kind)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                default: throw failure("invalid escape")
                }
            default:
                flushSurrogate()
                utf8.append(byte)
            }
        }
        throw failure("unterminated string")
    }

    private mutating func hexQuad() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("truncated \\u escape") }
        var unit: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape")
            }
            unit = unit << 4 | UInt32(digit)
        }
        index += 4
        return unit
    }

    private static func append(_ scalar: UInt32, to utf8: inout [UInt8]) {
        UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { utf8.append($0) }
    }

    /// A number per RFC 8259's grammar: an integer if it has no fraction or exponent and fits
    /// in 64 bits, else a double.
    mutating func number() throws(Failure) -> JSONValue {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        let integerStart = index
        let integerDigits = digits()
        guard integerDigits > 0 else { throw failure("invalid number") }
        guard integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { throw failure("leading zero in number") }
        var isInteger = true
        if current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits() > 0 else { throw failure("invalid fraction") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw failure("invalid exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text) else { throw failure("invalid number") }
        return .double(double)
    }

    private mutating func digits() -> Int {
        let start = index
        while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
        return index - start
    }
}
