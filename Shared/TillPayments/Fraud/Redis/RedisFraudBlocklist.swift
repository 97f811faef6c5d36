import TillRedis
import TillResilience

/// The fraud blocklist as the Redis set `till:fraud:blocklist`, shared by every replica and edited
/// by operators (`till fraud block|unblock`) without a deploy.
///
/// Entries are customer ids and e-mail addresses; addresses are stored lowercased (an id cannot
/// contain `@`, so the two never collide), as ``StaticFraudBlocklist`` compares them.
public struct RedisFraudBlocklist: FraudBlocklist {
    /// The set's key.
    public let key: String
    private let redis: RedisClient

    /// Creates a blocklist on `redis` at `key` (`till:fraud:blocklist` by default).
    public init(redis: RedisClient, key: String = "till:fraud:blocklist") {
        self.redis = redis
        self.key = key
    }

    /// The form an entry is stored and looked up in: e-mail addresses lowercased.
    public static func normalize(_ entry: String) -> String {
        entry.contains("@") ? entry.lowercased() : entry
    }

    /// One `SMISMEMBER` for all candidates.
    public func firstBlocked(among candidates: [String]) async throws -> String? {
        guard !candidates.isEmpty else { return nil }
        let normalized = candidates.map(Self.normalize)
        let reply = try await redis.send(RedisCommand("SMISMEMBER", [key] + normalized))
        guard let flags = reply.array, flags.count == normalized.count else {
            throw RedisStoreError(.unexpectedReply, store: "fraud_blocklist", "unexpected reply to SMISMEMBER")
        }
        return zip(candidates, flags).first { $0.1.int64 == 1 }?.0
    }

    /// Blocks `entry`; returns `false` if it was already blocked.
    @discardableResult
    public func add(_ entry: String) async throws -> Bool {
        try await redis.send("SADD", key, Self.normalize(entry)).int64 == 1
    }

    /// Unblocks `entry`; returns `false` if it was not blocked.
    @discardableResult
    public func remove(_ entry: String) async throws -> Bool {
        try await redis.send("SREM", key, Self.normalize(entry)).int64 == 1
    }

    /// Whether `entry` is blocked.
    public func contains(_ entry: String) async throws -> Bool {
        try await redis.send("SISMEMBER", key, Self.normalize(entry)).int64 == 1
    }

    /// Every blocked entry, sorted (for operators; the set is small).
    public func entries() async throws -> [String] {
        let reply = try await redis.send("SMEMBERS", key)
        guard let members = reply.array else {
            throw RedisStoreError(.unexpectedReply, store: "fraud_blocklist", "unexpected reply to SMEMBERS")
        }
        return members.compactMap(\.string).sorted()
    }
}
