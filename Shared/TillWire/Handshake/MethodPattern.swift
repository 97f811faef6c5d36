/// A pattern of methods a per-client key may call: `inventory.get` (exactly), `checkout.*` (a prefix), `*` (all).
public struct MethodPattern: Sendable, Hashable, CustomStringConvertible {
    private let prefix: String
    private let isPrefix: Bool

    /// Parses a pattern; `nil` if it is empty, has a `*` anywhere but at the end, or a character
    /// that no method name has.
    public init?(_ pattern: String) {
        guard !pattern.isEmpty else { return nil }
        let body = pattern.hasSuffix("*") ? pattern.dropLast() : Substring(pattern)
        guard body.utf8.allSatisfy(MethodPattern.isMethodCharacter) else { return nil }
        self.prefix = String(body)
        self.isPrefix = pattern.hasSuffix("*")
    }

    /// Whether `method` is covered by this pattern.
    public func matches(_ method: String) -> Bool {
        isPrefix ? method.hasPrefix(prefix) : method == prefix
    }

    public var description: String { isPrefix ? prefix + "*" : prefix }

    private static func isMethodCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
