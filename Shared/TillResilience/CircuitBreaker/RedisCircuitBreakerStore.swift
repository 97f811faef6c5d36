import Metrics
import TillRedis

/// Breaker state shared through Redis by every replica: one hash per breaker
/// (`till:breaker:{<name>}`) changed only by Lua scripts that transcribe ``BreakerStateMachine``.
///
/// - ``acquire(breaker:configuration:)`` is one `EVALSHA`; on a closed breaker it only reads.
/// - ``record(_:permit:breaker:configuration:)`` is one more — skipped by ``CircuitBreaker`` for a
///   success under a permit whose ``BreakerPermit/successIsNoOp`` is set (closed, no failures), so
///   a healthy dependency costs one command per call.
/// - Time is Redis' `TIME` by default (see ``SharedClock``): the recovery timeout and probe lease
///   are measured on one clock for all replicas, however far their own clocks drift.
///
/// Because every replica runs the same script on the same hash, failures seen by one replica open
/// the breaker for all of them, and the half-open probe is admitted exactly once across them.
/// Each call updates `till_breaker_state{name}` and `till_breaker_transitions_total{name,to}`.
public final class RedisCircuitBreakerStore: CircuitBreakerStore {
    private let redis: RedisClient
    private let clock: SharedClock
    private let keyPrefix: String
    private let metrics: BreakerMetrics

    /// Creates a store on `redis`.
    ///
    /// - Parameters:
    ///   - clock: Where "now" comes from; Redis' `TIME` unless a test drives time itself.
    ///   - keyPrefix: Keys are `<keyPrefix>:{<breaker name>}`.
    ///   - metricsFactory: Where the breaker metrics go; the process' metrics system by default.
    public init(
        redis: RedisClient,
        clock: SharedClock = .redis,
        keyPrefix: String = "till:breaker",
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.redis = redis
        self.clock = clock
        self.keyPrefix = keyPrefix
        self.metrics = BreakerMetrics(factory: metricsFactory)
    }

    /// The Redis key holding `breaker`'s state.
    public func key(for breaker: String) -> String {
        "\(keyPrefix):{\(breaker)}"
    }

    public func acquire(breaker: String, configuration: BreakerConfiguration) async throws -> BreakerDecision {
        let reply = try await redis.evaluate(
            RedisBreakerScripts.acquire,
            keys: [key(for: breaker)],
            arguments: [
                clock.scriptArgument,
                configuration.recoveryTimeoutMilliseconds,
                configuration.probeTimeoutMilliseconds,
            ]
        )
        guard let fields = reply.array, fields.count == 5 || fields.count == 6,
            let value = fields[1].int64, let probe = fields[2].int64,
            let state = fields[3].string.flatMap(BreakerState.init(rawValue:)),
            let from = Self.departedState(fields[4])
        else { throw Self.unexpected("acquire") }

        let admission: BreakerAdmission
        switch fields[0].string {
        case "admitted":
            let successIsNoOp = fields.count == 6 && fields[5].int64 == 1
            admission = .admitted(BreakerPermit(generation: value, isProbe: probe == 1, successIsNoOp: successIsNoOp))
        case "rejected": admission = .rejected(retryAfterMilliseconds: value)
        default: throw Self.unexpected("acquire")
        }
        metrics.observe(breaker: breaker, state: state, transitionFrom: from)
        return BreakerDecision(admission: admission, transition: from.map { BreakerTransition(from: $0, to: state) })
    }

    public func record(
        _ outcome: BreakerOutcome,
        permit: BreakerPermit,
        breaker: String,
        configuration: BreakerConfiguration
    ) async throws -> BreakerTransition? {
        let reply = try await redis.evaluate(
            RedisBreakerScripts.record,
            keys: [key(for: breaker)],
            arguments: [clock.scriptArgument, outcome.rawValue, permit.generation, configuration.failureThreshold]
        )
        guard let fields = reply.array, fields.count == 2,
            let state = fields[0].string.flatMap(BreakerState.init(rawValue:)),
            let from = Self.departedState(fields[1])
        else { throw Self.unexpected("record") }
        metrics.observe(breaker: breaker, state: state, transitionFrom: from)
        return from.map { BreakerTransition(from: $0, to: state) }
    }

    public func snapshot(breaker: String) async throws -> BreakerSnapshot {
        let reply = try await redis.send(
            "HMGET", key(for: breaker), "state", "failures", "opened_at", "probe_lease_until", "generation"
        )
        guard let fields = reply.array, fields.count == 5 else { throw Self.unexpected("snapshot") }
        func number(_ index: Int) throws(RedisStoreError) -> Int64 {
            if fields[index].isNull { return 0 }
            guard let value = fields[index].int64 else { throw Self.unexpected("snapshot") }
            return value
        }
        let state: BreakerState
        if fields[0].isNull {
            state = .closed
        } else if let stored = fields[0].string.flatMap(BreakerState.init(rawValue:)) {
            state = stored
        } else {
            throw Self.unexpected("snapshot")
        }
        let failures = try number(1)
        guard let consecutiveFailures = Int(exactly: failures) else { throw Self.unexpected("snapshot") }
        return BreakerSnapshot(
            state: state,
            consecutiveFailures: consecutiveFailures,
            openedAt: try number(2),
            probeLeaseUntil: try number(3),
            generation: try number(4)
        )
    }

    /// The `from` field of a script reply: `''` when the call changed nothing (`.some(nil)`),
    /// else the state it left; `nil` when the field is neither.
    private static func departedState(_ value: RESPValue) -> BreakerState?? {
        guard let text = value.string else { return nil }
        if text.isEmpty { return .some(nil) }
        return BreakerState(rawValue: text).map { .some($0) }
    }

    /// Replies are not quoted in the error: the store never echoes stored data into messages.
    private static func unexpected(_ operation: String) -> RedisStoreError {
        RedisStoreError(.unexpectedReply, store: "circuit_breaker", "unexpected reply to \(operation)")
    }
}
