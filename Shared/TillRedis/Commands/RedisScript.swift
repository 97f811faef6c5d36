import TillCrypto

/// A Lua script, named by the SHA-1 of its source as Redis names it.
///
/// ``RedisClient/evaluate(_:keys:arguments:)`` runs it with `EVALSHA` and loads it with
/// `SCRIPT LOAD` only when Redis answers `NOSCRIPT` (first use, restart, `SCRIPT FLUSH`).
/// Make scripts once (e.g. `static let`) and reuse them.
public struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    public let source: String
    /// Lowercase hex SHA-1 of ``source``: the name Redis gives the script.
    public let sha1: String

    /// Wraps `source` and computes its SHA-1.
    public init(_ source: String) {
        self.source = source
        self.sha1 = Hex.encode(Digest.sha1(Array(source.utf8)))
    }
}
