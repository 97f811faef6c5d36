import TillWire

extension CanonicalJSON {
    /// The JSON value `bytes` hold (any spelling, not only the canonical one), or `nil` if they
    /// are not exactly one JSON value.
    ///
    /// For the payments hot paths (webhook bodies, gateway answers, stored fraud reports): one pass
    /// over the bytes, where `JSONDecoder` of a `JSONValue` or a small Codable type costs several
    /// times more.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONValueParser.parse(bytes)
    }

    /// The canonical JSON of `value` as a string.
    public static func text(_ value: JSONValue) -> String {
        String(decoding: encode(value), as: UTF8.self)
    }
}
