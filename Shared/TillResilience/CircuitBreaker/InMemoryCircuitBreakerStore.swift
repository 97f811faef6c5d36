import Synchronization

/// Breaker state held in this process: for tests and single-process tools. Services share their
/// breakers through the Redis store instead, so that one replica's failures protect all of them.
public final class InMemoryCircuitBreakerStore: CircuitBreakerStore {
    private let snapshots = Mutex<[String: BreakerSnapshot]>([:])
    private let now: @Sendable () -> Int64

    /// Creates an empty store reading time (Unix milliseconds) from `now`.
    public init(now: @escaping @Sendable () -> Int64 = { UnixClock.nowMilliseconds() }) {
        self.now = now
    }

    public func acquire(breaker: String, configuration: BreakerConfiguration) async throws -> BreakerDecision {
        let now = now()
        return snapshots.withLock { snapshots in
            var machine = BreakerStateMachine(snapshot: snapshots[breaker] ?? .initial, configuration: configuration)
            let decision = machine.acquire(now: now)
            snapshots[breaker] = machine.snapshot
            return decision
        }
    }

    public func record(
        _ outcome: BreakerOutcome,
        permit: BreakerPermit,
        breaker: String,
        configuration: BreakerConfiguration
    ) async throws -> BreakerTransition? {
        let now = now()
        return snapshots.withLock { snapshots in
            var machine = BreakerStateMachine(snapshot: snapshots[breaker] ?? .initial, configuration: configuration)
            let transition = machine.record(outcome, permit: permit, now: now)
            snapshots[breaker] = machine.snapshot
            return transition
        }
    }

    public func snapshot(breaker: String) async throws -> BreakerSnapshot {
        snapshots.withLock { $0[breaker] ?? .initial }
    }
}
