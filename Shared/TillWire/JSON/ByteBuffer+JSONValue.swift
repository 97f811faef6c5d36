import NIOCore

extension ByteBuffer {
    /// Writes `value` as compact JSON. Non-finite doubles, which JSON cannot express, become `null`.
    mutating func writeJSONValue(_ value: JSONValue) {
        switch value {
        case .null:
            writeStaticString("null")
        case .bool(let flag):
            writeStaticString(flag ? "true" : "false")
        case .integer(let integer):
            writeDecimal(integer)
        case .double(let double):
            if double.isFinite {
                writeString(double.description)
            } else {
                writeStaticString("null")
            }
        case .string(let string):
            writeJSONString(string)
        case .array(let elements):
            writeInteger(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { writeInteger(UInt8(ascii: ",")) }
                writeJSONValue(element)
            }
            writeInteger(UInt8(ascii: "]"))
        case .object(let members):
            writeInteger(UInt8(ascii: "{"))
            // Sorted so that the same value always has the same bytes (logs, hashes, tests).
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { writeInteger(UInt8(ascii: ",")) }
                writeJSONString(key)
                writeInteger(UInt8(ascii: ":"))
                writeJSONValue(members[key] ?? .null)
            }
            writeInteger(UInt8(ascii: "}"))
        }
    }
}
