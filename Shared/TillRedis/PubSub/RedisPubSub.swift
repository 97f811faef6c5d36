import Logging
import Metrics
import NIOCore
import Synchronization

/// The dedicated subscription connection and the subscriptions it serves.
///
/// Unlike pooled connections, which reconnect when a call needs them, this one reconnects by
/// itself (with backoff) while any subscription is active, and subscribes again to every
/// channel and pattern before anyone else may use it. Every `(P)SUBSCRIBE`/`(P)UNSUBSCRIBE` is
/// queued on the connection while the state lock is held, so Redis sees them in the same order
/// as the registry changed, and a name is never left unsubscribed while a subscription wants it.
final class RedisPubSub: Sendable {
    typealias Subscriber = AsyncStream<RedisPubSubMessage>.Continuation
    typealias Kind = SubscriptionRegistry<Subscriber>.Kind
    private typealias Waiter = CheckedContinuation<Result<RedisConnection, RedisError>, Never>

    private struct State {
        var registry = SubscriptionRegistry<Subscriber>()
        var slot = ConnectionSlotStateMachine<RedisConnection, Waiter>()
        var retryTimer: Scheduled<Void>?
    }

    private let state = Mutex(State())
    private let eventLoop: any EventLoop
    private let factory: RedisConnectionFactory
    private let bufferSize: Int
    private let droppedMessages = Counter(label: "till_redis_pubsub_dropped_messages_total")

    init(eventLoop: any EventLoop, factory: RedisConnectionFactory) {
        self.eventLoop = eventLoop
        self.factory = factory
        self.bufferSize = max(1, factory.configuration.subscriptionBufferSize)
    }

    /// Subscribes to `names` and returns once Redis has confirmed every one.
    func subscribe(_ kind: Kind, _ names: [String]) async throws(RedisError) -> RedisSubscription {
        guard !names.isEmpty else { throw .invalidArgument("a subscription needs at least one channel or pattern") }
        let (stream, subscriber) = AsyncStream.makeStream(
            of: RedisPubSubMessage.self,
            bufferingPolicy: .bufferingNewest(bufferSize)
        )
        let id = try state.withLock { state throws(RedisError) -> Int in
            guard !state.slot.isShutdown else { throw .clientShutdown() }
            return state.registry.add(kind, names, subscriber: subscriber)
        }
        subscriber.onTermination = { [weak self] _ in self?.remove(id) }
        let subscription = RedisSubscription(stream: stream, lease: SubscriptionLease { [weak self] in self?.remove(id) })

        do throws(RedisError) {
            let connection = try await connection()
            let result = await withCheckedContinuation { (waiter: RedisReplyWaiter.BatchContinuation) in
                let sent = state.withLock { state -> Bool in
                    guard state.registry.contains(id) else { return false }
                    connection.send(Self.command(subscribing: kind, names), replyCount: names.count, waiter: .batch(waiter))
                    return true
                }
                if !sent { waiter.resume(returning: .failure(.connectionClosed("the subscription ended before Redis confirmed it"))) }
            }
            for reply in try result.get() {
                if case .error(let message) = reply { throw RedisError.server(message) }
            }
        } catch {
            remove(id)
            throw error
        }
        return subscription
    }

    /// Ends subscription `id`: finishes its stream and unsubscribes from names nobody else uses.
    func remove(_ id: Int) {
        let removal = state.withLock { state -> SubscriptionRegistry<Subscriber>.Removal? in
            guard let removal = state.registry.remove(id) else { return nil }
            // Without a connection there is nothing to undo: a reconnect subscribes only to what
            // the registry still holds.
            if !removal.orphaned.isEmpty, let connection = state.slot.readyConnection {
                let command = Self.command(unsubscribing: removal.kind, removal.orphaned)
                connection.send(command, replyCount: removal.orphaned.count, waiter: .discard)
            }
            return removal
        }
        // Outside the lock: finishing runs `onTermination`, which comes back here.
        removal?.subscriber.finish()
    }

    /// Ends every subscription and closes the connection.
    func shutdown(gracePeriod: Duration) async {
        let (action, subscribers, timer) = state.withLock { state in
            defer { state.retryTimer = nil }
            return (state.slot.shutdown(), state.registry.removeAll(), state.retryTimer)
        }
        timer?.cancel()
        for subscriber in subscribers { subscriber.finish() }
        switch action {
        case .none:
            break
        case .close(let connection):
            try? await connection.close(gracePeriod: gracePeriod).get()
        case .fail(let waiters):
            for waiter in waiters { waiter.resume(returning: .failure(.clientShutdown())) }
        }
    }

    // MARK: Connection

    private func connection() async throws(RedisError) -> RedisConnection {
        if let connection = state.withLock({ $0.slot.readyConnection }) { return connection }
        let result = await withCheckedContinuation { (waiter: Waiter) in
            switch state.withLock({ $0.slot.acquire(waiter, now: .now()) }) {
            case .use(let connection): waiter.resume(returning: .success(connection))
            case .fail(let error): waiter.resume(returning: .failure(error))
            case .wait: break
            case .connect: startConnecting()
            }
        }
        return try result.get()
    }

    private func startConnecting() {
        factory.makeConnection(on: eventLoop, onPush: { [weak self] in self?.deliver($0) }).whenComplete { result in
            switch result {
            case .success(let connection): self.connected(connection)
            case .failure(let error): self.connectFailed(.wrapping(error))
            }
        }
    }

    private func connected(_ connection: RedisConnection) {
        let (action, restored) = state.withLock { state in
            let action = state.slot.connected(connection)
            guard case .resume = action else { return (action, 0) }
            let channels = state.registry.channels
            let patterns = state.registry.patterns
            if !channels.isEmpty {
                connection.send(Self.command(subscribing: .channels, channels), replyCount: channels.count, waiter: .discard)
            }
            if !patterns.isEmpty {
                connection.send(Self.command(subscribing: .patterns, patterns), replyCount: patterns.count, waiter: .discard)
            }
            return (action, channels.count + patterns.count)
        }
        switch action {
        case .close:
            connection.close(gracePeriod: .zero)
        case .resume(let waiters):
            if restored > 0 {
                factory.logger.info("Restored Redis subscriptions", metadata: ["redis.subscriptions": "\(restored)"])
            }
            connection.channel.closeFuture.whenComplete { _ in self.connectionClosed(connection) }
            for waiter in waiters { waiter.resume(returning: .success(connection)) }
        }
    }

    private func connectFailed(_ error: RedisError) {
        let (waiters, resubscribe) = state.withLock { state in
            (state.slot.connectFailed(error, now: .now()), !state.registry.isEmpty)
        }
        for waiter in waiters { waiter.resume(returning: .failure(error)) }
        if resubscribe { reconnect() }
    }

    private func connectionClosed(_ connection: RedisConnection) {
        let resubscribe = state.withLock { state in
            state.slot.closed(connection) && !state.registry.isEmpty
        }
        if resubscribe {
            factory.logger.info("Redis subscription connection lost; reconnecting")
            reconnect()
        }
    }

    /// Connects now, or arms a timer for when the backoff ends, while subscriptions exist.
    private func reconnect() {
        let connectNow = state.withLock { state -> Bool in
            guard !state.registry.isEmpty else { return false }
            switch state.slot.reconnect(now: .now()) {
            case .connect:
                return true
            case .retry(let deadline):
                if state.retryTimer == nil {
                    state.retryTimer = eventLoop.scheduleTask(deadline: deadline) { self.retryTimerFired() }
                }
                return false
            case .none:
                return false
            }
        }
        if connectNow { startConnecting() }
    }

    private func retryTimerFired() {
        state.withLock { $0.retryTimer = nil }
        reconnect()
    }

    // MARK: Messages

    /// Hands a pushed message to its subscribers. Runs on the event loop.
    private func deliver(_ message: RedisPubSubMessage) {
        let subscribers = state.withLock { $0.registry.subscribers(for: message) }
        for subscriber in subscribers {
            if case .dropped = subscriber.yield(message) {
                droppedMessages.increment()
            }
        }
    }

    private static func command(subscribing kind: Kind, _ names: [String]) -> RedisCommand {
        RedisCommand(kind == .channels ? "SUBSCRIBE" : "PSUBSCRIBE", names)
    }

    private static func command(unsubscribing kind: Kind, _ names: [String]) -> RedisCommand {
        RedisCommand(kind == .channels ? "UNSUBSCRIBE" : "PUNSUBSCRIBE", names)
    }
}
