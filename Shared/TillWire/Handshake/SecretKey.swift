/// A shared secret. It never appears in descriptions, logs or error messages.
public struct SecretKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The UTF-8 bytes of the configured key string, which is what the MAC is keyed with.
    let bytes: [UInt8]

    /// Wraps a configured key string.
    public init(_ key: String) {
        self.bytes = Array(key.utf8)
    }

    public var description: String { "SecretKey(redacted)" }
    public var debugDescription: String { description }
}
