import Logging
import Synchronization

/// Renews the leases of one ``IdempotentExecutor``'s running claims, all from one task.
///
/// Why one task: a sleeping child task per call (the first design) cost every call a task group,
/// a task, a timer and its cancellation, although almost every call ends long before its first
/// renewal is due. Here a call costs a dictionary insert and removal under a lock. The task runs
/// while claims are held and ends when none are left; it wakes every quarter of the renewal
/// interval and renews each lease that has gone a whole interval without renewal, so a lease is
/// renewed between one and one and a quarter intervals after its claim or last renewal (the
/// interval is a third of the lease by default: two renewals may fail before it lapses).
final class LeaseKeeper: Sendable {
    /// A claim whose operation is running.
    private struct Lease: Sendable {
        let key: IdempotencyKey
        let owner: String
        var due: ContinuousClock.Instant
    }

    private struct State: Sendable {
        var leases: [UInt64: Lease] = [:]
        var lastTicket: UInt64 = 0
        var renewing = false
    }

    private let state = Mutex(State())
    private let store: any IdempotencyStore
    private let configuration: IdempotentExecutor.Configuration
    private let logger: Logger

    init(store: any IdempotencyStore, configuration: IdempotentExecutor.Configuration, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    /// Starts renewing `owner`'s claim of `key`; returns the ticket that ``release(_:)`` takes.
    func keep(_ key: IdempotencyKey, owner: String) -> UInt64 {
        let due = ContinuousClock.now + configuration.renewalInterval
        let (ticket, start) = state.withLock { state -> (UInt64, Bool) in
            state.lastTicket += 1
            state.leases[state.lastTicket] = Lease(key: key, owner: owner, due: due)
            defer { state.renewing = true }
            return (state.lastTicket, !state.renewing)
        }
        if start {
            Task { await self.renewWhileHeld() }
        }
        return ticket
    }

    /// Stops renewing the claim of `ticket` (its operation ended).
    func release(_ ticket: UInt64) {
        state.withLock { _ = $0.leases.removeValue(forKey: ticket) }
    }

    /// The number of claims being renewed (tests).
    var count: Int { state.withLock { $0.leases.count } }

    private func renewWhileHeld() async {
        let tick = configuration.renewalInterval / 4
        while true {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            let next = configuration.renewalInterval
            let due = state.withLock { state -> [(UInt64, Lease)]? in
                guard !state.leases.isEmpty else {
                    state.renewing = false
                    return nil
                }
                let due = state.leases.filter { $0.value.due <= now }
                for ticket in due.keys { state.leases[ticket]?.due = now + next }
                return due.map { ($0.key, $0.value) }
            }
            guard let due else { return }
            await withDiscardingTaskGroup { group in
                for (ticket, lease) in due {
                    group.addTask { await self.renew(ticket, lease) }
                }
            }
        }
    }

    private func renew(_ ticket: UInt64, _ lease: Lease) async {
        do {
            guard try await store.renew(lease.key, owner: lease.owner, leaseMilliseconds: configuration.leaseMilliseconds) else {
                logger.info("Idempotency claim lost while its work ran", metadata: ["idempotency.key": "\(lease.key)"])
                release(ticket)
                return
            }
        } catch {
            logger.info("Idempotency lease not renewed", metadata: ["idempotency.key": "\(lease.key)", "error": "\(error)"])
        }
    }
}
