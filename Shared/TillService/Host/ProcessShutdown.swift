import ServiceLifecycle
import Synchronization

/// When this process began to shut down, so that work owned by any of its services can finish
/// within one drain deadline of that moment.
///
/// `ServiceGroup` stops services one after the other; a service that measured its own drain from
/// its own turn would add its deadline to the RPC server's, and the orchestrator took twice
/// `TILL_DRAIN_TIMEOUT_MS` to exit. ``ServiceHost`` runs this as the last service of the group, so
/// it hears of the shutdown first.
public final class ProcessShutdown: Service, Sendable {
    private typealias Waiter = CheckedContinuation<ContinuousClock.Instant, Never>

    private struct Waiting {
        var waiters: [UInt64: Waiter] = [:]
        /// Waits cancelled before their continuation was stored.
        var cancelled: Set<UInt64> = []
        var nextID: UInt64 = 0
    }

    private enum State {
        case running(Waiting)
        case began(ContinuousClock.Instant)
    }

    private let state = Mutex(State.running(Waiting()))

    public init() {}

    public func run() async {
        // Cancellation (a second signal) counts as the beginning too.
        try? await gracefulShutdown()
        let now = ContinuousClock.now
        let waiters = state.withLock { state -> [Waiter] in
            guard case .running(let waiting) = state else { return [] }
            state = .began(now)
            return Array(waiting.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: now) }
    }

    /// Returns when shutdown began, once it has; returns at once (with the current instant) if the
    /// calling task is cancelled, so a waiter never outlives the work it bounds.
    public func began() async -> ContinuousClock.Instant {
        let id = state.withLock { state -> UInt64 in
            guard case .running(var waiting) = state else { return 0 }
            waiting.nextID += 1
            state = .running(waiting)
            return waiting.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: Waiter) in
                let now = state.withLock { state -> ContinuousClock.Instant? in
                    switch state {
                    case .began(let instant):
                        return instant
                    case .running(var waiting):
                        if waiting.cancelled.remove(id) != nil {
                            state = .running(waiting)
                            return .now
                        }
                        waiting.waiters[id] = continuation
                        state = .running(waiting)
                        return nil
                    }
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard case .running(var waiting) = state else { return nil }
                let waiter = waiting.waiters.removeValue(forKey: id)
                if waiter == nil { waiting.cancelled.insert(id) }
                state = .running(waiting)
                return waiter
            }
            waiter?.resume(returning: .now)
        }
    }
}
