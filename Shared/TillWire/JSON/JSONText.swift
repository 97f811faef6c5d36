import NIOCore

/// Reading scalar values out of spans found by ``JSONScanner``, and writing JSON text by hand.
///
/// The envelope's few scalar fields are read and written here directly; only typed `params` and
/// `result` go through `JSONDecoder`/`JSONEncoder`.
enum JSONText {
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// A number made only of decimal digits (no sign, fraction or exponent) that fits `UInt64`.
    static func unsignedInteger(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard !bytes.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            guard isDigit(byte) else { return nil }
            let (shifted, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = shifted.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflowA, !overflowB else { return nil }
            value = sum
        }
        return value
    }

    /// An optionally negative integer without fraction or exponent that fits `Int64`.
    static func integer(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard let first = bytes.first else { return nil }
        let negative = first == UInt8(ascii: "-")
        let digits = negative ? UnsafeRawBufferPointer(rebasing: bytes.dropFirst()) : bytes
        guard let magnitude = unsignedInteger(digits) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// The decoded content of a string span (the bytes between the quotes, already validated).
    static func string(_ bytes: UnsafeRawBufferPointer, hasEscapes: Bool) -> String {
        guard hasEscapes else { return String(decoding: bytes, as: UTF8.self) }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count)
        var index = 0
        var pendingHighSurrogate: UInt32?
        func flushSurrogate() {
            if pendingHighSurrogate != nil {
                utf8.append(contentsOf: [0xEF, 0xBF, 0xBD])  // U+FFFD for a lone surrogate
                pendingHighSurrogate = nil
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                flushSurrogate()
                utf8.append(byte)
                index += 1
                continue
            }
            let kind = bytes[index + 1]
            index += 2
            guard kind == UInt8(ascii: "u") else {
                flushSurrogate()
                switch kind {
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                default: utf8.append(kind)  // \" \\ \/
                }
                continue
            }
            var unit: UInt32 = 0
            for offset in 0..<4 { unit = unit << 4 | UInt32(hexValue(bytes[index + offset]) ?? 0) }
            index += 4
            if let high = pendingHighSurrogate, (0xDC00...0xDFFF).contains(unit) {
                pendingHighSurrogate = nil
                appendScalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &utf8)
            } else if (0xD800...0xDBFF).contains(unit) {
                flushSurrogate()
                pendingHighSurrogate = unit
            } else {
                flushSurrogate()
                appendScalar((0xDC00...0xDFFF).contains(unit) ? 0xFFFD : unit, to: &utf8)
            }
        }
        flushSurrogate()
        return String(decoding: utf8, as: UTF8.self)
    }

    private static func appendScalar(_ value: UInt32, to utf8: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(value) else {
            utf8.append(contentsOf: [0xEF, 0xBF, 0xBD])
            return
        }
        UTF8.encode(scalar) { utf8.append($0) }
    }
}

extension ByteBuffer {
    /// Writes `value` as a JSON string literal, escaping quotes, backslashes and control characters.
    @discardableResult
    mutating func writeJSONString(_ value: String) -> Int {
        let start = writerIndex
        writeInteger(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for (offset, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart..<offset]))
                switch byte {
                case 0x22: writeStaticString("\\\"")
                case 0x5C: writeStaticString("\\\\")
                case 0x0A: writeStaticString("\\n")
                case 0x0D: writeStaticString("\\r")
                case 0x09: writeStaticString("\\t")
                default:
                    writeStaticString("\\u00")
                    let digits: StaticString = "0123456789abcdef"
                    writeInteger(digits.utf8Start[Int(byte >> 4)])
                    writeInteger(digits.utf8Start[Int(byte & 0x0F)])
                }
                runStart = offset + 1
            }
            writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(utf8)[runStart...]))
        }
        writeInteger(UInt8(ascii: "\""))
        return writerIndex - start
    }

    /// Writes an unsigned integer in decimal.
    mutating func writeDecimal(_ value: UInt64) {
        // Up to 15 digits stay in a small (inline) string, so this does not allocate for ids.
        writeString(String(value))
    }

    /// Writes a signed integer in decimal.
    mutating func writeDecimal(_ value: Int64) {
        if value < 0 { writeInteger(UInt8(ascii: "-")) }
        writeDecimal(value.magnitude)
    }
}
