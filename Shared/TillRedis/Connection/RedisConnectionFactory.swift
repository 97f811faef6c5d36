import Logging
import NIOCore
import Synchronization

/// Makes connections for the pool and the pub/sub connection, numbering them for logs.
struct RedisConnectionFactory: Sendable {
    let configuration: RedisConfiguration
    let counter: RedisCommandCounter
    let logger: Logger
    /// Where each new connection goes, when not to the configured host: the cluster client's
    /// subscription connection moves to another node after its node dies.
    private let endpoint: (@Sendable () -> RedisNodeAddress)?
    private let ids = IDGenerator()

    init(
        configuration: RedisConfiguration,
        counter: RedisCommandCounter,
        logger: Logger,
        endpoint: (@Sendable () -> RedisNodeAddress)? = nil
    ) {
        self.configuration = configuration
        self.counter = counter
        self.logger = logger
        self.endpoint = endpoint
    }

    /// Connects, authenticates and selects the database. Fails with a ``RedisError``.
    func makeConnection(
        on eventLoop: any EventLoop,
        onPush: (@Sendable (RedisPubSubMessage) -> Void)? = nil
    ) -> EventLoopFuture<RedisConnection> {
        var configuration = configuration
        if let endpoint = endpoint?() {
            configuration.host = endpoint.host
            configuration.port = endpoint.port
        }
        return RedisConnection.connect(
            configuration: configuration,
            eventLoop: eventLoop,
            id: ids.next(),
            handlerConfiguration: .init(commandTimeout: configuration.commandTimeout, counter: counter, onPush: onPush),
            logger: logger
        )
    }

    private final class IDGenerator: Sendable {
        private let last = Atomic<Int>(0)
        func next() -> Int { last.wrappingAdd(1, ordering: .relaxed).newValue }
    }
}

extension RedisError {
    /// `error` as a ``RedisError``; futures from NIO carry `any Error`.
    static func wrapping(_ error: any Error) -> RedisError {
        (error as? RedisError) ?? .connectionFailed("Redis connection failed: \(error)")
    }
}
