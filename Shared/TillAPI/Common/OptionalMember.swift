import TillWire

/// An optional member as `Decodable` reads it: absent or `null` is `nil`; any other kind than the
/// expected one is `nil` from the outer `Optional`, so that the caller falls back to `Decodable`
/// (which names the field in its error).
enum OptionalMember {
    /// A box so that "absent" and "wrong kind" stay apart.
    struct Value<Wrapped> {
        var value: Wrapped?
    }

    static func string(_ member: JSONValue?) -> Value<String>? {
        switch member {
        case nil, .null?: Value(value: nil)
        case .string(let text)?: Value(value: text)
        default: nil
        }
    }
}
