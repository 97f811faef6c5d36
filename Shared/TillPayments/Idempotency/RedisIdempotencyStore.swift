import Logging
import TillRedis
import TillResilience

/// Idempotency records in Redis, one string per key at ``IdempotencyKey/storageKey``
/// (`till:idem:{<service>.<method>:<key>}`), living ``recordTTLSeconds`` (24 h by default).
///
/// Every operation is one `EVALSHA` of a script in ``RedisIdempotencyScripts``:
/// - ``claim(_:paramsHash:owner:leaseMilliseconds:)`` does `SET NX EX` of the in-flight record,
///   or reads the existing one and answers as ``IdempotencyRecord/resolve(_:paramsHash:now:)``
///   says — taking over a claim whose lease lapsed in the same atomic step.
/// - ``complete(_:owner:outcome:)``, ``release(_:owner:)`` and ``renew(_:owner:leaseMilliseconds:)``
///   act only while `owner` still holds the claim, so an owner whose claim was taken over cannot
///   overwrite its successor's outcome.
///
/// Leases are measured on Redis' `TIME` by default (``SharedClock``), so replicas agree on when one
/// lapsed.
public struct RedisIdempotencyStore: IdempotencyStore {
    /// How long a record lives after it is claimed or finished, in seconds.
    public let recordTTLSeconds: Int64
    private let redis: RedisClient
    private let clock: SharedClock
    private let logger: Logger

    /// Creates a store on `redis` whose records live `recordTTLSeconds` (24 h by default).
    public init(redis: RedisClient, recordTTLSeconds: Int64 = 86_400, clock: SharedClock = .redis, logger: Logger) {
        precondition(recordTTLSeconds >= 1, "idempotency records live at least a second")
        self.redis = redis
        self.recordTTLSeconds = recordTTLSeconds
        self.clock = clock
        self.logger = logger
    }

    public func claim(
        _ key: IdempotencyKey,
        paramsHash: String,
        owner: String,
        leaseMilliseconds: Int64
    ) async throws -> IdempotencyClaim {
        let reply = try await redis.evaluate(
            RedisIdempotencyScripts.claim,
            keys: [key.storageKey],
            arguments: [clock.scriptArgument, paramsHash, owner, leaseMilliseconds, recordTTLSeconds]
        )
        guard let fields = reply.array, let status = fields.first?.string else { throw Self.unexpected("claim") }
        switch status {
        case "claimed":
            return .claimed
        case "taken_over":
            logger.info("Idempotency claim taken over after its lease lapsed", metadata: ["idempotency.key": "\(key)"])
            return .claimed
        case "in_progress":
            return .inProgress
        case "conflict":
            return .conflict
        case "finished":
            guard fields.count == 2, let stored = fields[1].bytes else { throw Self.unexpected("claim") }
            switch try IdempotencyRecordCodec.decode(stored) {
            case .completed(_, let result): return .replay(.success(result))
            case .failed(_, let error): return .replay(.failure(error))
            case .inFlight: throw Self.unexpected("claim")
            }
        default:
            throw Self.unexpected("claim")
        }
    }

    @discardableResult
    public func complete(_ key: IdempotencyKey, owner: String, outcome: IdempotencyOutcome) async throws -> Bool {
        let (state, payload) = IdempotencyRecordCodec.encode(outcome)
        let reply = try await redis.evaluate(
            RedisIdempotencyScripts.complete,
            keys: [key.storageKey],
            arguments: [owner, state, payload, recordTTLSeconds]
        )
        return try Self.flag(reply, "complete")
    }

    @discardableResult
    public func release(_ key: IdempotencyKey, owner: String) async throws -> Bool {
        let reply = try await redis.evaluate(RedisIdempotencyScripts.release, keys: [key.storageKey], arguments: [owner])
        return try Self.flag(reply, "release")
    }

    public func renew(_ key: IdempotencyKey, owner: String, leaseMilliseconds: Int64) async throws -> Bool {
        let reply = try await redis.evaluate(
            RedisIdempotencyScripts.renew,
            keys: [key.storageKey],
            arguments: [clock.scriptArgument, owner, leaseMilliseconds]
        )
        return try Self.flag(reply, "renew")
    }

    private static func flag(_ reply: RESPValue, _ operation: String) throws(RedisStoreError) -> Bool {
        switch reply.int64 {
        case 1: return true
        case 0: return false
        default: throw unexpected(operation)
        }
    }

    private static func unexpected(_ operation: String) -> RedisStoreError {
        RedisStoreError(.unexpectedReply, store: "idempotency", "unexpected reply to \(operation)")
    }
}
