import NIOCore
import Synchronization

/// One TCP connection to Redis, usable from any thread.
///
/// Callers append encoded commands to an outbox under a lock; the first one to find the outbox
/// empty schedules a flush on the event loop, which hands everything gathered by then to
/// ``RedisChannelHandler`` as one write and one flush. Many callers in the same tick thus share a
/// syscall, and each command costs a lock and a copy of its bytes, not an event-loop hop.
final class RedisConnection: Sendable {
    /// Distinguishes connections in logs.
    let id: Int
    let channel: any Channel
    private let handler: NIOLoopBound<RedisChannelHandler>
    private let outbox: Mutex<Outbox>

    private struct Outbox {
        enum State {
            case open
            /// ``close(gracePeriod:)`` was called; the next flush starts draining.
            case closeRequested(Duration)
            case closed
        }

        var bytes: ByteBuffer
        var requests: [RedisRequest] = []
        var commandCount = 0
        var flushScheduled = false
        var state = State.open
    }

    /// Wraps a connected channel whose pipeline holds `handler`. Must run on its event loop.
    init(id: Int, channel: any Channel, handler: RedisChannelHandler) {
        self.id = id
        self.channel = channel
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
        self.outbox = Mutex(Outbox(bytes: channel.allocator.buffer(capacity: 256)))
        channel.closeFuture.whenComplete { [weak self] _ in
            self?.outbox.withLock { $0.state = .closed }
        }
    }

    /// Sends one command; `waiter` gets its reply.
    func send(_ command: RedisCommand, waiter: RedisReplyWaiter) {
        enqueue(RedisRequest(waiter: waiter), commandCount: 1) { bytes in
            bytes.writeImmutableBuffer(command.encoded)
        }
    }

    /// Sends commands back to back; `waiter` gets all their replies, in order.
    func send(_ commands: [RedisCommand], waiter: RedisReplyWaiter) {
        precondition(!commands.isEmpty, "an empty pipeline has nothing to wait for")
        enqueue(RedisRequest(waiter: waiter, replyCount: commands.count), commandCount: commands.count) { bytes in
            for command in commands { bytes.writeImmutableBuffer(command.encoded) }
        }
    }

    /// Sends one command that Redis answers with `replyCount` replies, or with one error
    /// (`SUBSCRIBE a b c`).
    func send(_ command: RedisCommand, replyCount: Int, waiter: RedisReplyWaiter) {
        enqueue(RedisRequest(waiter: waiter, replyCount: replyCount, endsOnError: true), commandCount: 1) { bytes in
            bytes.writeImmutableBuffer(command.encoded)
        }
    }

    /// Stops taking commands, lets those in flight finish for up to `gracePeriod`, then closes.
    /// - Returns: the channel's close future.
    @discardableResult
    func close(gracePeriod: Duration) -> EventLoopFuture<Void> {
        let schedule = outbox.withLock { box -> Bool in
            guard case .open = box.state else { return false }
            box.state = .closeRequested(gracePeriod)
            if box.flushScheduled { return false }
            box.flushScheduled = true
            return true
        }
        if schedule { channel.eventLoop.execute { self.flush() } }
        return channel.closeFuture
    }

    private func enqueue(_ request: RedisRequest, commandCount: Int, write: (inout ByteBuffer) -> Void) {
        let outcome = outbox.withLock { box -> EnqueueOutcome in
            guard case .open = box.state else { return .rejected }
            write(&box.bytes)
            box.requests.append(request)
            box.commandCount += commandCount
            if box.flushScheduled { return .queued }
            box.flushScheduled = true
            return .scheduleFlush
        }
        switch outcome {
        case .queued:
            break
        case .scheduleFlush:
            channel.eventLoop.execute { self.flush() }
        case .rejected:
            request.waiter.fail(.connectionClosed("connection to Redis is closed"))
        }
    }

    private enum EnqueueOutcome { case queued, scheduleFlush, rejected }

    /// Moves the outbox to the handler. Runs on the event loop.
    private func flush() {
        let (batch, drain) = outbox.withLock { box -> (RedisCommandBatch, Duration?) in
            let batch = RedisCommandBatch(bytes: box.bytes, requests: box.requests, commandCount: box.commandCount)
            box.bytes = channel.allocator.buffer(capacity: 256)
            box.requests = []
            box.requests.reserveCapacity(batch.requests.count)
            box.commandCount = 0
            box.flushScheduled = false
            guard case .closeRequested(let gracePeriod) = box.state else { return (batch, nil) }
            box.state = .closed
            return (batch, gracePeriod)
        }
        let handler = handler.value
        if !batch.requests.isEmpty { handler.submit(batch) }
        if let drain { handler.startDraining(gracePeriod: drain) }
    }
}
