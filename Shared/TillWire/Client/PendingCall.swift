import NIOCore
import Synchronization

/// The rendezvous of one call: the caller waits here; the connection (response, deadline, close) or
/// a cancellation completes it, exactly once, whichever comes first.
final class PendingCall: Sendable {
    enum Outcome: Sendable {
        /// The raw `result` JSON.
        case result(ByteBuffer)
        case failure(RPCError)
        /// The connection closed before the request was written: safe to send elsewhere.
        case notSent
    }

    private enum State {
        case idle
        case waiting(UnsafeContinuation<Outcome, Never>)
        case cancelled
        case done
    }

    private let state = Mutex(State.idle)

    init() {}

    /// Parks the caller. Returns `false` (having resumed it with `.failure(.cancelled)`) if the call
    /// was cancelled before it could wait.
    func install(_ continuation: UnsafeContinuation<Outcome, Never>) -> Bool {
        let alreadyCancelled = state.withLock { state in
            switch state {
            case .idle:
                state = .waiting(continuation)
                return false
            case .cancelled, .done, .waiting:
                state = .done
                return true
            }
        }
        if alreadyCancelled { continuation.resume(returning: .failure(.cancelled)) }
        return !alreadyCancelled
    }

    /// Completes the call; `false` if it was already completed or cancelled.
    @discardableResult
    func complete(_ outcome: Outcome) -> Bool {
        let continuation: UnsafeContinuation<Outcome, Never>? = state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done
            return continuation
        }
        continuation?.resume(returning: outcome)
        return continuation != nil
    }

    /// Cancels the call; `true` if this resumed the caller (the connection should forget the call).
    func cancel() -> Bool {
        let continuation: UnsafeContinuation<Outcome, Never>? = state.withLock { state in
            switch state {
            case .idle:
                state = .cancelled
                return nil
            case .waiting(let continuation):
                state = .done
                return continuation
            case .cancelled, .done:
                return nil
            }
        }
        continuation?.resume(returning: .failure(.cancelled))
        return continuation != nil
    }
}
