import TillRedis
import TillResilience

/// Webhook event dedup in Redis, exactly as `DESIGN.md` ("Webhooks") says:
///
/// - ``claim(eventID:)``: `SET till:webhook:{<event_id>} processing NX EX 60`, reading the holder's
///   value in the same script when the claim is taken (`processing` → 409, `done` → duplicate).
/// - ``markDone(eventID:)``: `SET … done EX 604800`, only after processing succeeded.
/// - ``release(eventID:)``: deletes the claim after processing failed — only while it still says
///   `processing`, so a failed redelivery never erases a `done` record — and the gateway's
///   redelivery is processed. An event is never lost to its own dedup record; a claim whose
///   processor died expires after ``claimTTLSeconds``.
public struct RedisWebhookEventStore: WebhookEventStore {
    /// How long a `processing` claim lives, in seconds (60 by default).
    public let claimTTLSeconds: Int64
    /// How long a `done` record lives, in seconds (7 days by default).
    public let doneTTLSeconds: Int64
    private let redis: RedisClient

    /// Creates a store on `redis`.
    public init(redis: RedisClient, claimTTLSeconds: Int64 = 60, doneTTLSeconds: Int64 = 604_800) {
        precondition(claimTTLSeconds >= 1 && doneTTLSeconds >= 1, "webhook dedup records live at least a second")
        self.redis = redis
        self.claimTTLSeconds = claimTTLSeconds
        self.doneTTLSeconds = doneTTLSeconds
    }

    /// The Redis key of `eventID`'s dedup record.
    public static func key(eventID: String) -> String {
        "till:webhook:{\(eventID)}"
    }

    public func claim(eventID: String) async throws -> WebhookClaim {
        let reply = try await redis.evaluate(Self.claimScript, keys: [Self.key(eventID: eventID)], arguments: [claimTTLSeconds])
        guard let text = reply.string, let claim = WebhookClaim(rawValue: text) else {
            throw RedisStoreError(.unexpectedReply, store: "webhook_events", "unexpected reply to claim")
        }
        return claim
    }

    public func markDone(eventID: String) async throws {
        try await redis.send("SET", Self.key(eventID: eventID), WebhookClaim.done.rawValue, "EX", doneTTLSeconds)
    }

    public func release(eventID: String) async throws {
        try await redis.evaluate(Self.releaseScript, keys: [Self.key(eventID: eventID)])
    }

    /// `KEYS[1]` the record; `ARGV[1]` the claim TTL. Returns `claimed`, or the holder's value.
    static let claimScript = RedisScript(
        """
        if redis.call('SET', KEYS[1], 'processing', 'NX', 'EX', ARGV[1]) then
          return 'claimed'
        end
        return redis.call('GET', KEYS[1])
        """
    )

    /// `KEYS[1]` the record. Deletes it only while it says `processing`; returns 1 if it did.
    static let releaseScript = RedisScript(
        """
        if redis.call('GET', KEYS[1]) == 'processing' then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """
    )
}
