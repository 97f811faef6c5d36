import Synchronization

/// Messages from a `SUBSCRIBE` or `PSUBSCRIBE`, as an async sequence.
///
/// ```swift
/// let events = try await redis.subscribe(["till.events"])
/// for await message in events {
///     handle(message.string)
/// }   // leaving the loop unsubscribes
/// ```
///
/// The subscription ends, and Redis is told to unsubscribe (unless another subscription still
/// uses the same name), when its iteration ends (`break`, `return`, a thrown error, or the
/// iterating task being cancelled), when ``unsubscribe()`` is called, or when the subscription
/// is dropped without being iterated. The client shutting down ends the iteration.
///
/// If the connection to Redis drops, the client reconnects and subscribes again by itself;
/// messages published meanwhile are lost (Redis pub/sub is at-most-once). Iterate it once, from
/// one task.
public struct RedisSubscription: AsyncSequence, Sendable {
    /// Each element is one received message.
    public typealias Element = RedisPubSubMessage
    /// Iteration never throws; it ends when the subscription does.
    public typealias Failure = Never

    private let stream: AsyncStream<RedisPubSubMessage>
    private let lease: SubscriptionLease

    init(stream: AsyncStream<RedisPubSubMessage>, lease: SubscriptionLease) {
        self.stream = stream
        self.lease = lease
    }

    /// The iterator; when it goes away (the loop ends), the subscription ends.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), end: IterationEnd(lease: lease))
    }

    /// Ends the subscription now; an iteration under way finishes after the messages already
    /// buffered.
    public func unsubscribe() {
        lease.end()
    }

    /// Iterates the messages; ending the iteration ends the subscription.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private var base: AsyncStream<RedisPubSubMessage>.Iterator
        private let end: IterationEnd

        fileprivate init(base: AsyncStream<RedisPubSubMessage>.Iterator, end: IterationEnd) {
            self.base = base
            self.end = end
        }

        /// The next message, or `nil` once the subscription has ended.
        public mutating func next() async -> RedisPubSubMessage? {
            await base.next()
        }

        /// The next message, or `nil` once the subscription has ended.
        public mutating func next(isolation actor: isolated (any Actor)?) async -> RedisPubSubMessage? {
            await base.next(isolation: actor)
        }
    }
}

/// Ends its subscription once, on ``end()`` or when the last reference goes away.
final class SubscriptionLease: Sendable {
    private let onEnd: Mutex<(@Sendable () -> Void)?>

    init(onEnd: @escaping @Sendable () -> Void) {
        self.onEnd = Mutex(onEnd)
    }

    func end() {
        let onEnd = onEnd.withLock { closure in
            defer { closure = nil }
            return closure
        }
        onEnd?()
    }

    deinit { end() }
}

/// Owned by an iterator: the iterator going away (the `for await` loop ended) ends the lease.
private final class IterationEnd: Sendable {
    let lease: SubscriptionLease

    init(lease: SubscriptionLease) { self.lease = lease }

    deinit { lease.end() }
}
