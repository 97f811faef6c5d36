import Synchronization

/// A GCRA limiter whose state is held in this process: for tests and single-process tools.
public final class InMemoryRateLimiter: RateLimiter {
    public let rate: RateLimit
    private let state = Mutex(State())
    private let now: @Sendable () -> Int64

    /// Creates a limiter enforcing `rate`, reading time (Unix microseconds) from `now`.
    public init(rate: RateLimit = .default, now: @escaping @Sendable () -> Int64 = { UnixClock.nowMicroseconds() }) {
        self.rate = rate
        self.now = now
    }

    public func acquire(key: String, cost: Int64) async throws -> GCRADecision {
        let now = now()
        let gcra = rate.gcra
        return state.withLock { state in
            let decision = gcra.decide(now: now, tat: state.tats[key], cost: cost)
            if decision.allowed {
                state.tats[key] = decision.tat
                state.pruneIfLarge(now: now)
            }
            return decision
        }
    }

    private struct State {
        var tats: [String: Int64] = [:]
        var pruneAt = 4_096

        /// Idle keys carry no information (their TAT is in the past); dropping them keeps the
        /// table to the keys still limited, as the TTL does in Redis. The threshold doubles with
        /// the live keys, so pruning stays amortised O(1) per request.
        mutating func pruneIfLarge(now: Int64) {
            guard tats.count > pruneAt else { return }
            tats = tats.filter { $0.value > now }
            pruneAt = max(4_096, tats.count * 2)
        }
    }
}
