import Synchronization

/// Bounds the requests an open-loop driver keeps in flight, so that a dead server cannot make the
/// client hold an unbounded number of tasks. A request that waits for a slot still counts its
/// latency from its intended send time: the wait is part of what the user would have seen.
final class InFlightLimiter: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    /// A limiter of `limit` slots.
    init(limit: Int) {
        precondition(limit > 0, "an in-flight limit must be positive")
        self.state = Mutex(State(available: limit))
    }

    /// Takes a slot, waiting for one if all are taken.
    func acquire() async {
        let acquired = self.state.withLock { state in
            guard state.available > 0 else { return false }
            state.available -= 1
            return true
        }
        if acquired { return }
        await withCheckedContinuation { continuation in
            let resumeNow = self.state.withLock { state in
                // A slot may have come back between the two locks.
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Gives a slot back, to the oldest waiter if there is one.
    func release() {
        let waiter = self.state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume()
    }
}
