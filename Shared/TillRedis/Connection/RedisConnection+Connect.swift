import Logging
import NIOCore
import NIOPosix
import TillTLS

extension RedisConnection {
    /// Connects to the configured server on `eventLoop`, then authenticates and selects the
    /// database. The whole of it is bounded by the configuration's connect timeout.
    /// - Returns: a future failing with a ``RedisError`` (``RedisError/Code/connectionFailed``,
    ///   ``RedisError/Code/authenticationFailed`` or a `SELECT` ``RedisError/Code/serverError``).
    static func connect(
        configuration: RedisConfiguration,
        eventLoop: any EventLoop,
        id: Int,
        handlerConfiguration: RedisChannelHandler.Configuration,
        logger: Logger
    ) -> EventLoopFuture<RedisConnection> {
        let deadline = NIODeadline.now() + TimeAmount(configuration.connectTimeout)
        let address = "\(configuration.host):\(configuration.port)"
        let tls = configuration.tls
        let host = configuration.host
        return ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(tls.makeHandler(host: host))
                    }
                    try channel.pipeline.syncOperations.addHandlers(
                        RESPReplyDecoder(),
                        RedisChannelHandler(configuration: handlerConfiguration)
                    )
                }
            }
            .connect(host: configuration.host, port: configuration.port)
            .flatMapErrorThrowing { error in
                throw RedisError.connectionFailed("could not connect to Redis at \(address): \(error)")
            }
            .flatMapThrowing { channel in
                let handler = try channel.pipeline.syncOperations.handler(type: RedisChannelHandler.self)
                return RedisConnection(id: id, channel: channel, handler: handler)
            }
            .flatMap { (connection: RedisConnection) -> EventLoopFuture<RedisConnection> in
                connection.handshake(configuration, deadline: deadline).map { _ in connection }
            }
            .always { result in
                var logger = logger
                logger[metadataKey: "redis.connection.id"] = "\(id)"
                logger[metadataKey: "redis.address"] = "\(address)"
                switch result {
                case .success:
                    logger.debug("Connected to Redis")
                case .failure(let error):
                    logger.debug("Could not connect to Redis", metadata: ["error": "\(error)"])
                }
            }
    }

    /// Sends `AUTH` and `SELECT` as one pipeline, if the configuration needs them.
    private func handshake(_ configuration: RedisConfiguration, deadline: NIODeadline) -> EventLoopFuture<Void> {
        var commands: [RedisCommand] = []
        let authenticates = configuration.password != nil
        if let password = configuration.password {
            if let username = configuration.username {
                commands.append(RedisCommand("AUTH", [username, password]))
            } else {
                commands.append(RedisCommand("AUTH", [password]))
            }
        }
        if configuration.database != 0 {
            commands.append(RedisCommand("SELECT", [configuration.database]))
        }
        guard !commands.isEmpty else { return channel.eventLoop.makeSucceededVoidFuture() }

        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        // A server that accepts the connection but never answers (paused, overloaded) must not
        // hold the caller past the connect timeout, whatever the command timeout is.
        let watchdog = channel.eventLoop.scheduleTask(deadline: deadline) { [channel] in
            channel.close(promise: nil)
        }
        send(commands, waiter: .promise(promise))
        let channel = channel
        let database = configuration.database
        return promise.futureResult
            .always { _ in watchdog.cancel() }
            .flatMapErrorThrowing { error in
                throw RedisError.connectionFailed("connection to Redis failed while authenticating: \((error as? RedisError)?.message ?? "\(error)")")
            }
            .flatMapThrowing { replies in
                for (index, reply) in replies.enumerated() {
                    guard case .error(let message) = reply else { continue }
                    if authenticates && index == 0 {
                        throw RedisError(.authenticationFailed, "Redis rejected AUTH: \(message)")
                    }
                    throw RedisError.server("SELECT \(database) failed: \(message)")
                }
            }
            .flatMapError { error in
                channel.close(promise: nil)
                return channel.eventLoop.makeFailedFuture(error)
            }
    }
}
