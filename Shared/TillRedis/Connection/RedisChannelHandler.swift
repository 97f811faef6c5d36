import NIOCore

/// Writes command batches and hands each reply to the request waiting for it.
///
/// All decisions are made by ``RedisConnectionStateMachine``; this class performs its actions:
/// writing bytes, completing waiters, arming the one timeout timer, closing the channel.
/// On the pub/sub connection it also routes pushed messages to ``Configuration/onPush``.
final class RedisChannelHandler: ChannelInboundHandler {
    typealias InboundIn = RESPValue
    typealias OutboundOut = ByteBuffer

    struct Configuration: Sendable {
        /// Bound on each reply's wait; `nil` waits forever.
        var commandTimeout: Duration?
        /// Counts written commands.
        var counter: RedisCommandCounter?
        /// Receives pushed pub/sub messages; set only on the subscription connection, where every
        /// `message`/`pmessage` array is a push (elsewhere such an array is an ordinary reply).
        var onPush: (@Sendable (RedisPubSubMessage) -> Void)?

        init(
            commandTimeout: Duration?,
            counter: RedisCommandCounter? = nil,
            onPush: (@Sendable (RedisPubSubMessage) -> Void)? = nil
        ) {
            self.commandTimeout = commandTimeout
            self.counter = counter
            self.onPush = onPush
        }
    }

    private let configuration: Configuration
    private var stateMachine = RedisConnectionStateMachine<RedisReplyWaiter>()
    private var context: ChannelHandlerContext?
    private var timeoutTimer: Scheduled<Void>?
    private var drainTimer: Scheduled<Void>?

    init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// Requests waiting for replies (for tests and diagnostics).
    var pendingCount: Int { stateMachine.pendingCount }

    // MARK: Commands out

    /// Writes `batch` and registers its waiters. Must run on the channel's event loop.
    func submit(_ batch: RedisCommandBatch) {
        guard let context else {
            fail(batch.requests.map(\.waiter), .connectionClosed("connection to Redis is closed"))
            return
        }
        let deadline = configuration.commandTimeout.map { context.eventLoop.now + TimeAmount($0) }
        switch stateMachine.enqueue(batch.requests, deadline: deadline) {
        case .write:
            configuration.counter?.record(batch.commandCount)
            context.writeAndFlush(wrapOutboundOut(batch.bytes), promise: nil)
            if timeoutTimer == nil, let deadline {
                scheduleTimeoutCheck(at: deadline, context: context)
            }
        case .reject(let error):
            fail(batch.requests.map(\.waiter), error)
        }
    }

    /// Stops accepting commands and closes the channel once those in flight have their replies,
    /// or after `gracePeriod`, failing what is left. Must run on the channel's event loop.
    func startDraining(gracePeriod: Duration) {
        guard let context else { return }
        switch stateMachine.startDraining() {
        case .closeNow:
            context.close(promise: nil)
        case .wait:
            guard drainTimer == nil else { return }
            drainTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(gracePeriod)) {
                self.drainTimedOut()
            }
        case .none:
            break
        }
    }

    // MARK: Replies in

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let onPush = configuration.onPush, let message = RedisPubSubMessage(push: reply) {
            onPush(message)
            return
        }
        switch stateMachine.receive(reply) {
        case .none:
            break
        case .complete(let completion):
            complete(completion)
        case .completeAndClose(let completion):
            complete(completion)
            context.close(promise: nil)
        case .close(let waiters, let error):
            fail(waiters, error)
            context.close(promise: nil)
        }
    }

    // MARK: Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
        failAll(.connectionClosed("connection to Redis closed"))
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        if case .close(let waiters, let error) = stateMachine.channelInactive() {
            fail(waiters, error)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // The error ends the connection; it is reported to the waiters, not further down the pipeline.
        let redisError = (error as? RedisError) ?? .connectionClosed("connection to Redis failed: \(error)")
        failAll(redisError)
        context.close(promise: nil)
    }

    // MARK: Timers

    private func scheduleTimeoutCheck(at deadline: NIODeadline, context: ChannelHandlerContext) {
        timeoutTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.timeoutFired()
        }
    }

    private func timeoutFired() {
        timeoutTimer = nil
        guard let context else { return }
        switch stateMachine.timeoutFired(now: context.eventLoop.now) {
        case .none:
            break
        case .reschedule(let deadline):
            scheduleTimeoutCheck(at: deadline, context: context)
        case .timedOut(let waiter, let others):
            waiter.fail(.timeout("no reply from Redis within the command timeout"))
            fail(others, .connectionClosed("connection closed after another command timed out"))
            context.close(promise: nil)
        }
    }

    private func drainTimedOut() {
        drainTimer = nil
        failAll(.timeout("no reply from Redis within the shutdown grace period"))
        context?.close(promise: nil)
    }

    private func cancelTimers() {
        timeoutTimer?.cancel()
        timeoutTimer = nil
        drainTimer?.cancel()
        drainTimer = nil
    }

    // MARK: Helpers

    private func failAll(_ error: RedisError) {
        if case .close(let waiters, let error) = stateMachine.failAll(with: error) {
            fail(waiters, error)
        }
    }

    private func complete(_ completion: RedisConnectionStateMachine<RedisReplyWaiter>.Completion) {
        switch completion {
        case .one(let waiter, let reply): waiter.succeed(reply)
        case .many(let waiter, let replies): waiter.succeed(replies)
        }
    }

    private func fail(_ waiters: [RedisReplyWaiter], _ error: RedisError) {
        for waiter in waiters { waiter.fail(error) }
    }
}

@available(*, unavailable)
extension RedisChannelHandler: Sendable {}
