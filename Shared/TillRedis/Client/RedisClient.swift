import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// A Redis client: a small pool of pipelined connections plus one for subscriptions.
///
/// ```swift
/// let redis = RedisClient(configuration: try RedisConfiguration(url: url), logger: logger)
/// try await redis.send("SET", "till:{ord_1}:state", "pending")
/// let state = try await redis.send("GET", "till:{ord_1}:state").string
/// ```
///
/// Any number of tasks may call it at once: commands are spread over the pool's connections and
/// pipelined on each, replies matched in order. Connections are made on first use and again after
/// they drop; while Redis is unreachable calls fail at once with a retriable ``RedisError``.
///
/// A call whose task is cancelled still waits for its reply: a written command cannot be taken
/// back, and Redis answers in order. ``RedisConfiguration/commandTimeout`` bounds every wait.
///
/// As a `Service` its ``run()`` waits for graceful shutdown and then closes everything; calls
/// work whether or not ``run()`` is active. Without a service group, call ``shutdown()``.
public final class RedisClient: Service, Sendable {
    /// The configuration the client was made with.
    public let configuration: RedisConfiguration
    private let pool: RedisConnectionPool
    private let pubSub: RedisPubSub
    private let counter: RedisCommandCounter
    private let logger: Logger

    /// Creates a client; nothing connects until the first call.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        let counter = RedisCommandCounter()
        let factory = RedisConnectionFactory(configuration: configuration, counter: counter, logger: logger)
        self.configuration = configuration
        self.counter = counter
        self.logger = logger
        self.pool = RedisConnectionPool(size: configuration.poolSize, eventLoopGroup: eventLoopGroup, factory: factory)
        self.pubSub = RedisPubSub(eventLoop: eventLoopGroup.next(), factory: factory)
    }

    /// Commands written to Redis so far, including connection set-up (`AUTH`, `SELECT`),
    /// subscriptions and the `SCRIPT LOAD` of a `NOSCRIPT` fallback. Also exported as the
    /// `till_redis_commands_total` counter.
    public var commandsSent: UInt64 { counter.value }

    // MARK: Commands

    /// Sends one command and returns its reply.
    /// - Throws: ``RedisError/Code/serverError`` for an error reply; transport errors otherwise.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RESPValue {
        let reply = try await sendAllowingErrorReply(command)
        if case .error(let message) = reply { throw .server(message) }
        return reply
    }

    /// Sends `name` with `arguments` and returns the reply.
    /// - Throws: ``RedisError/Code/serverError`` for an error reply; transport errors otherwise.
    @discardableResult
    public func send(_ name: String, _ arguments: any RedisArgumentConvertible...) async throws(RedisError) -> RESPValue {
        try await send(RedisCommand(name, arguments))
    }

    /// Sends `commands` back to back on one connection and returns their replies in order.
    /// An error reply comes back as an ``RESPValue/error(_:)`` in its place; only a transport
    /// failure throws (and then none of the replies is known).
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let connection = try await pool.connection()
        let result = await withCheckedContinuation { (waiter: RedisReplyWaiter.BatchContinuation) in
            connection.send(commands, waiter: .batch(waiter))
        }
        return try result.get()
    }

    /// `PING`.
    public func ping() async throws(RedisError) {
        let reply = try await send(RedisCommand("PING", []))
        guard reply.string == "PONG" else { throw .protocolError("unexpected reply to PING: \(reply.debugDescription)") }
    }

    /// Publishes `message` to `channel`.
    /// - Returns: how many subscribers received it.
    @discardableResult
    public func publish(_ channel: String, _ message: String) async throws(RedisError) -> Int {
        try await publish(channel, message as any RedisArgumentConvertible)
    }

    /// Publishes the bytes of `message` to `channel`.
    /// - Returns: how many subscribers received it.
    @discardableResult
    public func publish(_ channel: String, _ message: ByteBuffer) async throws(RedisError) -> Int {
        try await publish(channel, message as any RedisArgumentConvertible)
    }

    private func publish(_ channel: String, _ message: any RedisArgumentConvertible) async throws(RedisError) -> Int {
        let reply = try await send(RedisCommand("PUBLISH", [channel, message]))
        guard let receivers = reply.int else { throw .protocolError("unexpected reply to PUBLISH: \(reply.debugDescription)") }
        return receivers
    }

    /// The hot path: one pooled connection, one continuation, error replies returned as values.
    func sendAllowingErrorReply(_ command: RedisCommand) async throws(RedisError) -> RESPValue {
        let connection = try await pool.connection()
        let result = await withCheckedContinuation { (waiter: RedisReplyWaiter.SingleContinuation) in
            connection.send(command, waiter: .single(waiter))
        }
        return try result.get()
    }

    // MARK: Pub/sub

    /// Subscribes to `channels` on the dedicated subscription connection. Returns once Redis has
    /// confirmed the subscription, so a message published afterwards is delivered.
    public func subscribe(_ channels: [String]) async throws(RedisError) -> RedisSubscription {
        try await pubSub.subscribe(.channels, channels)
    }

    /// Subscribes to the glob `patterns` (`till.*`); messages carry the pattern that matched.
    public func psubscribe(_ patterns: [String]) async throws(RedisError) -> RedisSubscription {
        try await pubSub.subscribe(.patterns, patterns)
    }

    // MARK: Lifecycle

    /// Waits for graceful shutdown (or cancellation), then ``shutdown()``.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Ends every subscription, refuses new calls, lets commands in flight finish (for up to the
    /// configured grace period) and closes every connection. Safe to call more than once.
    public func shutdown() async {
        logger.debug("Shutting down Redis client")
        let gracePeriod = configuration.shutdownGracePeriod
        async let subscriptions: Void = pubSub.shutdown(gracePeriod: gracePeriod)
        await pool.shutdown(gracePeriod: gracePeriod)
        await subscriptions
    }
}
