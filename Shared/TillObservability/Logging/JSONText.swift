import Logging

/// Minimal JSON writing for log lines: strings and metadata values, appended to a `String`.
///
/// Hand-written because a log line's shape is fixed and small, key order must be stable, and going
/// through `JSONEncoder` for every line would cost more than the rest of logging together.
enum JSONText {
    /// Appends `text` as a JSON string literal, quotes included.
    static func appendString(_ text: String, to output: inout String) {
        output.append("\"")
        if !text.utf8.contains(where: self.needsEscaping) {
            output.append(text)
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output.append("\\\"")
                case "\\": output.append("\\\\")
                case "\n": output.append("\\n")
                case "\r": output.append("\\r")
                case "\t": output.append("\\t")
                case "\u{2028}": output.append("\\u2028")
                case "\u{2029}": output.append("\\u2029")
                case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                    output.append("\\u00")
                    output.append(self.hexDigits[Int(scalar.value >> 4)])
                    output.append(self.hexDigits[Int(scalar.value & 0xF)])
                default:
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output.append("\"")
    }

    /// Appends a metadata value: strings as JSON strings, dictionaries as objects with sorted keys,
    /// arrays as arrays; any other value as the string of its description.
    static func appendValue(_ value: Logger.MetadataValue, to output: inout String) {
        switch value {
        case .string(let text):
            self.appendString(text, to: &output)
        case .stringConvertible(let convertible):
            self.appendString(convertible.description, to: &output)
        case .dictionary(let dictionary):
            output.append("{")
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { output.append(",") }
                self.appendString(key, to: &output)
                output.append(":")
                if let nested = dictionary[key] {
                    self.appendValue(nested, to: &output)
                }
            }
            output.append("}")
        case .array(let array):
            output.append("[")
            for (index, element) in array.enumerated() {
                if index > 0 { output.append(",") }
                self.appendValue(element, to: &output)
            }
            output.append("]")
        }
    }

    /// The value as one JSON text (used by the text format for nested values).
    static func encode(_ value: Logger.MetadataValue) -> String {
        var output = ""
        self.appendValue(value, to: &output)
        return output
    }

    private static let hexDigits: [String] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f",
    ]

    /// Bytes that cannot appear raw in a JSON string, plus U+2028/U+2029 (their UTF-8 lead byte 0xE2
    /// sends the string to the slow path, which checks the whole scalar).
    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2
    }
}
