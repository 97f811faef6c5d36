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
/// With a `redis-cluster://` configuration the same API talks to a Redis Cluster: a pool per
/// master, each command routed by its key's hash slot, pipelines split per node, `MOVED`/`ASK`
/// followed and `TRYAGAIN`/`CLUSTERDOWN` retried with a bounded backoff (`RedisClusterRouter`).
/// Subscriptions use one node and move to another when it dies.
///
/// As a `Service` its ``run()`` waits for graceful shutdown and then closes everything; calls
/// work whether or not ``run()`` is active. Without a service group, call ``shutdown()``.
public final class RedisClient: Service, Sendable {
    /// The configuration the client was made with.
    public let configuration: RedisConfiguration
    let backend: Backend
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
        self.configuration = configuration
        self.counter = counter
        self.logger = logger
        if configuration.isCluster {
            let router = RedisClusterRouter(
                configuration: configuration, eventLoopGroup: eventLoopGroup, counter: counter, logger: logger
            )
            let factory = RedisConnectionFactory(
                configuration: configuration, counter: counter, logger: logger,
                endpoint: { router.nextSubscriptionEndpoint() }
            )
            self.backend = .cluster(router)
            self.pubSub = RedisPubSub(eventLoop: eventLoopGroup.next(), factory: factory)
        } else {
            let factory = RedisConnectionFactory(configuration: configuration, counter: counter, logger: logger)
            self.backend = .single(RedisConnectionPool(size: configuration.poolSize, eventLoopGroup: eventLoopGroup, factory: factory))
            self.pubSub = RedisPubSub(eventLoop: eventLoopGroup.next(), factory: factory)
        }
    }

    /// Where commands go: one server's pool, or a cluster's router.
    enum Backend: Sendable {
        case single(RedisConnectionPool)
        case cluster(RedisClusterRouter)
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
    ///
    /// On Redis Cluster the batch is split into one pipeline per node (sent concurrently) and the
    /// replies put back in order; a command whose keys span slots gets a `CROSSSLOT` error reply.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        switch backend {
        case .single(let pool): try await pool.send(commands)
        case .cluster(let router): try await router.pipeline(commands)
        }
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
        switch backend {
        case .single(let pool): try await pool.send(command)
        case .cluster(let router): try await router.send(command)
        }
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
        switch backend {
        case .single(let pool): await pool.shutdown(gracePeriod: gracePeriod)
        case .cluster(let router): await router.shutdown(gracePeriod: gracePeriod)
        }
        await subscriptions
    }
}
