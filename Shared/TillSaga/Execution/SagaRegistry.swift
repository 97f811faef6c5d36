import NIOCore
import NIOPosix
import Synchronization

/// The sagas this process drives right now: their fencing tokens and lease refresh times (for the
/// renewer), whether they were fenced, and the callers waiting for them to end.
final class SagaRegistry: Sendable {
    private enum Waiter {
        case pending
        case waiting(CheckedContinuation<SagaRecord?, Never>)
        case cancelled
    }

    private struct Driven {
        var token: String
        var refreshedAt: ContinuousClock.Instant
        var fenced = false
        var waiters: [UInt64: Waiter] = [:]
    }

    private struct State {
        var driven: [String: Driven] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Starts tracking `sagaID`; `false` if this process drives it already.
    func begin(_ sagaID: String, token: String) -> Bool {
        state.withLock { state in
            guard state.driven[sagaID] == nil else { return false }
            state.driven[sagaID] = Driven(token: token, refreshedAt: .now)
            return true
        }
    }

    /// Stops tracking `sagaID` and hands `record` (nil: the saga goes on elsewhere) to its waiters.
    func end(_ sagaID: String, record: SagaRecord?) {
        let waiters = state.withLock { state in state.driven.removeValue(forKey: sagaID).map { Array($0.waiters.values) } ?? [] }
        for case .waiting(let continuation) in waiters { continuation.resume(returning: record) }
    }

    func refreshed(_ sagaID: String) {
        state.withLock { $0.driven[sagaID]?.refreshedAt = .now }
    }

    func markFenced(_ sagaID: String) {
        state.withLock { $0.driven[sagaID]?.fenced = true }
    }

    func isFenced(_ sagaID: String) -> Bool {
        state.withLock { $0.driven[sagaID]?.fenced ?? false }
    }

    func isDriving(_ sagaID: String) -> Bool {
        state.withLock { $0.driven[sagaID] != nil }
    }

    /// Sagas whose lease was last refreshed before `cutoff`, with their tokens.
    func stale(before cutoff: ContinuousClock.Instant) -> [(sagaID: String, token: String)] {
        state.withLock { state in
            state.driven.compactMap { id, driven in
                driven.refreshedAt < cutoff && !driven.fenced ? (sagaID: id, token: driven.token) : nil
            }
        }
    }

    /// What ``wait(for:)`` found.
    enum WaitResult: Sendable {
        /// This process does not drive the saga: ask Redis.
        case notHere
        /// The saga ended (or moved elsewhere: `nil`), or the wait was cancelled (`nil`).
        case ended(SagaRecord?)
    }

    /// Waits until this process stops driving `sagaID`, at most `timeout`. Cancellation or the
    /// timeout end the wait with `nil`.
    ///
    /// The timeout is an event-loop timer, cancelled when the saga ends: unlike a racing
    /// `Task.sleep` it costs no child task, and leaves no timer behind for the rest of `timeout`.
    func wait(for sagaID: String, timeout: Duration) async -> WaitResult {
        let id: UInt64? = state.withLock { state in
            guard state.driven[sagaID] != nil else { return nil }
            state.nextWaiter += 1
            state.driven[sagaID]?.waiters[state.nextWaiter] = .pending
            return state.nextWaiter
        }
        guard let id else { return .notHere }
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            self.abandon(sagaID, waiter: id)
        }
        defer { timer.cancel() }
        let record = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<SagaRecord?, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    switch state.driven[sagaID]?.waiters[id] {
                    case .pending:
                        state.driven[sagaID]?.waiters[id] = .waiting(continuation)
                        return false
                    case .cancelled:
                        state.driven[sagaID]?.waiters[id] = nil
                        return true
                    case .waiting, nil:
                        // Ended between registration and now.
                        return true
                    }
                }
                if resumeNow { continuation.resume(returning: nil) }
            }
        } onCancel: {
            abandon(sagaID, waiter: id)
        }
        return .ended(record)
    }

    /// Ends one wait with `nil` (its caller was cancelled, or its time ran out).
    private func abandon(_ sagaID: String, waiter id: UInt64) {
        let continuation = state.withLock { state -> CheckedContinuation<SagaRecord?, Never>? in
            switch state.driven[sagaID]?.waiters[id] {
            case .pending:
                state.driven[sagaID]?.waiters[id] = .cancelled
                return nil
            case .waiting(let continuation):
                state.driven[sagaID]?.waiters[id] = nil
                return continuation
            case .cancelled, nil:
                return nil
            }
        }
        continuation?.resume(returning: nil)
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (sum, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAgain ? .max : sum
    }
}
