import Synchronization

/// A ``NonceCache`` for one process: tests, and single-replica deployments without Redis.
///
/// Entries expire after their ttl; expired entries are dropped as new nonces arrive, so memory stays
/// proportional to the number of hellos within one window.
public final class InMemoryNonceCache: NonceCache {
    private struct State {
        var expiries: [String: ContinuousClock.Instant] = [:]
        /// Nonces in claim order, for pruning; with one ttl this is also expiry order.
        var queue: [(nonce: String, expiry: ContinuousClock.Instant)] = []
        var queueHead = 0
    }

    private let state = Mutex(State())

    /// An empty cache.
    public init() {}

    public func claim(_ nonce: String, ttl: Duration) async throws -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            Self.prune(&state, now: now)
            if let expiry = state.expiries[nonce], expiry > now { return false }
            let expiry = now + ttl
            state.expiries[nonce] = expiry
            state.queue.append((nonce, expiry))
            return true
        }
    }

    /// The number of nonces currently remembered.
    public var count: Int {
        let now = ContinuousClock.now
        return state.withLock { state in
            state.expiries.values.count { $0 > now }
        }
    }

    private static func prune(_ state: inout State, now: ContinuousClock.Instant) {
        while state.queueHead < state.queue.count, state.queue[state.queueHead].expiry <= now {
            let entry = state.queue[state.queueHead]
            if let current = state.expiries[entry.nonce], current <= now {
                state.expiries[entry.nonce] = nil
            }
            state.queueHead += 1
        }
        // Compact once the consumed prefix dominates, keeping pruning amortised O(1).
        if state.queueHead > 1024, state.queueHead * 2 > state.queue.count {
            state.queue.removeFirst(state.queueHead)
            state.queueHead = 0
        }
    }
}
