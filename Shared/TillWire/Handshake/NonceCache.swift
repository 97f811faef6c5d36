/// Remembers handshake nonces so a captured hello cannot be replayed to any replica.
///
/// Replicas share one cache (the Redis-backed implementation does `SET <nonce> NX EX <ttl>`), so a
/// nonce seen by one server is refused by every other within the window.
public protocol NonceCache: Sendable {
    /// Records `nonce` for `ttl`. Returns `true` the first time a nonce is seen, `false` if it was
    /// already seen within its ttl. Throws when the cache cannot answer; the server then refuses the
    /// hello with `unavailable` rather than accept it unverified.
    func claim(_ nonce: String, ttl: Duration) async throws -> Bool
}
