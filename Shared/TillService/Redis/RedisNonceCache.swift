import TillRedis
import TillWire

/// The handshake nonce cache shared by every replica: a nonce is claimed with `SET … NX EX`, so a
/// hello captured from one server is refused by all of them within the window.
public struct RedisNonceCache: NonceCache {
    private let redis: RedisClient

    public init(redis: RedisClient) {
        self.redis = redis
    }

    public func claim(_ nonce: String, ttl: Duration) async throws -> Bool {
        // Round up so a fraction of a second never becomes a zero (invalid) expiry.
        let seconds = max(1, Int((ttl + .milliseconds(999)).components.seconds))
        let reply = try await redis.send("SET", "till:nonce:{\(nonce)}", "1", "NX", "EX", seconds)
        return !reply.isNull
    }
}
