import NIOCore

/// The life of one Redis connection, without I/O: which requests await replies, in order, and
/// what to do on each event. ``RedisChannelHandler`` feeds it events and performs the actions.
///
/// Redis answers in the order it receives commands, so replies are matched FIFO. A request may
/// expect several replies: a pipeline of N commands gets N, `SUBSCRIBE a b` gets one confirmation
/// per channel (or a single error, hence ``Request/endsOnError``).
///
/// `Waiter` is whatever completes a request (a continuation in production, a number in tests).
struct RedisConnectionStateMachine<Waiter> {
    /// Something waiting for replies.
    struct Request {
        var waiter: Waiter
        /// How many replies complete it (≥ 1).
        var replyCount: Int
        /// Whether an error reply completes it early: true for one command with several replies
        /// (Redis sends one error instead of them all), false for a pipeline of commands.
        var endsOnError: Bool

        init(waiter: Waiter, replyCount: Int = 1, endsOnError: Bool = false) {
            precondition(replyCount >= 1, "a request expects at least one reply")
            self.waiter = waiter
            self.replyCount = replyCount
            self.endsOnError = endsOnError
        }
    }

    enum Phase: Equatable {
        /// Accepting requests.
        case active
        /// Shutting down: no new requests, close once the pending ones have their replies.
        case draining
        /// Closed or closing; everything was failed.
        case closed
    }

    private struct Pending {
        var request: Request
        var deadline: NIODeadline?
    }

    private(set) var phase: Phase = .active
    private var pending = CircularBuffer<Pending>(initialCapacity: 16)
    /// Replies received so far for the head request when it expects several. Kept apart from
    /// `pending` so appending never copies.
    private var headReplies: [RESPValue] = []
    private var closeError = RedisError.connectionClosed("connection closed")

    init() {}

    /// Requests awaiting replies.
    var pendingCount: Int { pending.count }

    // MARK: Requests

    enum EnqueueAction {
        /// Write the requests' bytes.
        case write
        /// Do not write; fail every request with the error.
        case reject(RedisError)
    }

    /// New requests whose bytes are about to be written; `deadline` bounds their replies.
    mutating func enqueue(_ requests: some Sequence<Request>, deadline: NIODeadline?) -> EnqueueAction {
        switch phase {
        case .active:
            for request in requests { pending.append(Pending(request: request, deadline: deadline)) }
            return .write
        case .draining:
            return .reject(.connectionClosed("connection is shutting down"))
        case .closed:
            return .reject(closeError)
        }
    }

    // MARK: Replies

    enum Completion {
        /// A request that expected one reply.
        case one(Waiter, RESPValue)
        /// A request that expected several replies (may be fewer if it ended on an error).
        case many(Waiter, [RESPValue])
    }

    enum ReplyAction {
        /// The reply was one of several; nothing is complete yet.
        case none
        /// Complete the request.
        case complete(Completion)
        /// Complete the request, then close the channel: it was the last one while draining.
        case completeAndClose(Completion)
        /// The server sent a reply nobody asked for: close the channel and fail these.
        case close(failing: [Waiter], RedisError)
    }

    /// A reply arrived.
    mutating func receive(_ reply: RESPValue) -> ReplyAction {
        guard phase != .closed else { return .none }
        guard let head = pending.first else {
            let unexpected = RedisError.protocolError("received a reply with no command waiting for it")
            guard case .close(let waiters, let error) = failAll(with: unexpected) else { return .none }
            return .close(failing: waiters, error)
        }
        let completion: Completion
        if head.request.replyCount == 1 {
            pending.removeFirst()
            completion = .one(head.request.waiter, reply)
        } else {
            headReplies.append(reply)
            let endedOnError = head.request.endsOnError && reply.errorMessage != nil
            guard headReplies.count == head.request.replyCount || endedOnError else { return .none }
            pending.removeFirst()
            completion = .many(head.request.waiter, headReplies)
            headReplies = []
        }
        if phase == .draining && pending.isEmpty {
            phase = .closed
            closeError = .connectionClosed("connection was shut down")
            return .completeAndClose(completion)
        }
        return .complete(completion)
    }

    // MARK: Closing

    enum DrainAction {
        /// Nothing is pending (or it is already closing): close now.
        case closeNow
        /// Wait for the pending replies; the handler bounds the wait with a timer.
        case wait
        /// Already closed.
        case none
    }

    /// Graceful shutdown: refuse new requests, close once the pending ones are answered.
    mutating func startDraining() -> DrainAction {
        switch phase {
        case .active where pending.isEmpty:
            phase = .closed
            closeError = .connectionClosed("connection was shut down")
            return .closeNow
        case .active:
            phase = .draining
            return .wait
        case .draining:
            return .wait
        case .closed:
            return .none
        }
    }

    enum CloseAction {
        /// Already closed.
        case none
        /// Close the channel and fail these waiters with the error.
        case close(failing: [Waiter], RedisError)
    }

    /// Close because of `error` (a decoding error, a drain that ran out of time): every pending
    /// request fails with it.
    mutating func failAll(with error: RedisError) -> CloseAction {
        guard phase != .closed else { return .none }
        phase = .closed
        closeError = error
        let waiters = pending.map(\.request.waiter)
        pending.removeAll(keepingCapacity: false)
        headReplies = []
        return .close(failing: waiters, error)
    }

    /// The channel closed (the server went away, or we closed it).
    mutating func channelInactive() -> CloseAction {
        failAll(with: .connectionClosed("connection to Redis closed with the reply outstanding"))
    }

    // MARK: Timeouts

    enum TimeoutAction {
        /// Nothing is waiting.
        case none
        /// The oldest request is still within its deadline: check again then.
        case reschedule(NIODeadline)
        /// The oldest request timed out: fail it with a timeout, the others as closed, and close.
        case timedOut(Waiter, others: [Waiter])
    }

    /// The handler's single timeout timer fired. Only the oldest request is checked: Redis
    /// answers in order, so if it is in time every later one is too.
    mutating func timeoutFired(now: NIODeadline) -> TimeoutAction {
        guard phase != .closed, let head = pending.first, let deadline = head.deadline else { return .none }
        guard deadline <= now else { return .reschedule(deadline) }
        phase = .closed
        closeError = .connectionClosed("connection closed after a command timed out")
        let others = pending.dropFirst().map(\.request.waiter)
        pending.removeAll(keepingCapacity: false)
        headReplies = []
        return .timedOut(head.request.waiter, others: others)
    }
}

extension RedisConnectionStateMachine.Request: Sendable where Waiter: Sendable {}
