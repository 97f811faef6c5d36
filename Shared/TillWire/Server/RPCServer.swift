import Logging
import NIOCore
import NIOExtras
import NIOPosix
import ServiceLifecycle
import TillTLS
import Synchronization

/// A Till RPC server: listens, authenticates each connection's hello, and answers requests with the
/// methods of its ``RPCRouter``.
///
/// Run it in a `ServiceGroup`. On graceful shutdown it stops accepting, answers requests that arrive
/// afterwards with `unavailable`, lets in-flight requests finish (at most
/// ``RPCServerConfiguration/drainTimeout``), closes every connection, and then `run()` returns.
public final class RPCServer: Service, Sendable {
    private enum State {
        case idle
        case running(ServerQuiescingHelper)
        case shuttingDown
        case finished
    }

    private let environment: ServerEnvironment
    private let state = Mutex(State.idle)
    private let bound: EventLoopPromise<SocketAddress>
    /// Whether `bound` was completed; completing a promise twice still hops to its event loop.
    private let boundCompleted = Atomic(false)

    /// - Parameters:
    ///   - configuration: where to listen and what to admit.
    ///   - router: the methods to serve.
    ///   - keyRing: the keys hellos are verified with.
    ///   - nonceCache: the nonces seen by every replica (Redis-backed in production).
    ///   - logger: the server's logger; connections and requests add their metadata.
    public init(
        configuration: RPCServerConfiguration,
        router: RPCRouter,
        keyRing: KeyRing,
        nonceCache: any NonceCache,
        logger: Logger
    ) {
        self.environment = ServerEnvironment(
            configuration: configuration,
            router: router,
            keyRing: keyRing,
            nonceCache: nonceCache,
            logger: logger
        )
        self.bound = configuration.eventLoopGroup.any().makePromise(of: SocketAddress.self)
    }

    deinit {
        if !boundCompleted.load(ordering: .acquiring) { bound.fail(RPCServerError.notRunning) }
    }

    private func publishAddress(_ result: Result<SocketAddress, any Error>) {
        guard !boundCompleted.exchange(true, ordering: .acquiringAndReleasing) else { return }
        bound.completeWith(result)
    }

    /// The address the server listens on, once it does (`run()` must be running or about to run).
    public func localAddress() async throws -> SocketAddress {
        try await bound.futureResult.get()
    }

    /// The number of open connections.
    public var connectionCount: Int { environment.connections.value }

    /// Starts a graceful shutdown without a `ServiceGroup` (the group's signal does the same).
    public func triggerGracefulShutdown() {
        let quiescer: ServerQuiescingHelper? = state.withLock { state in
            switch state {
            case .idle:
                state = .shuttingDown
                return nil
            case .running(let quiescer):
                state = .shuttingDown
                return quiescer
            case .shuttingDown, .finished:
                return nil
            }
        }
        quiescer?.initiateShutdown(promise: nil)
    }

    /// Listens and serves until graceful shutdown or cancellation; returns once every connection has closed.
    public func run() async throws {
        let configuration = environment.configuration
        let quiescer = ServerQuiescingHelper(group: configuration.eventLoopGroup)
        let environment = self.environment
        let listener: NIOAsyncChannel<AcceptedConnection, Never>
        do {
            listener = try await ServerBootstrap(group: configuration.eventLoopGroup)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(quiescer.makeServerChannelHandler(channel: channel))
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try AcceptedConnection.initialize(channel, environment: environment)
                    }
                }
        } catch {
            state.withLock { $0 = .finished }
            publishAddress(.failure(error))
            throw error
        }

        let startNow = state.withLock { state in
            guard case .idle = state else { return false }
            state = .running(quiescer)
            return true
        }
        guard startNow else {
            // Shut down before it started listening.
            state.withLock { $0 = .finished }
            publishAddress(.failure(RPCServerError.notRunning))
            try? await listener.channel.close()
            return
        }
        let address = listener.channel.localAddress
        publishAddress(address.map { .success($0) } ?? .failure(RPCServerError.notRunning))
        environment.logger.info(
            "rpc server listening",
            metadata: ["rpc.server": "\(configuration.serverName)", "rpc.address": "\(address.map { "\($0)" } ?? "?")"]
        )

        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                do {
                    try await listener.executeThenClose { inbound in
                        for try await connection in inbound {
                            group.addTask { await connection.waitUntilClosed() }
                        }
                    }
                } catch {
                    environment.logger.error("rpc server stopped accepting", metadata: ["error": "\(error)"])
                }
            }
        } onGracefulShutdown: {
            self.triggerGracefulShutdown()
        }
        state.withLock { $0 = .finished }
        environment.logger.info("rpc server stopped", metadata: ["rpc.server": "\(configuration.serverName)"])
    }
}

/// Errors of ``RPCServer`` itself (request errors are ``WireError``s).
public enum RPCServerError: Error, Sendable, Hashable {
    /// The server is not listening: it has not started, failed to bind, or has stopped.
    case notRunning
}

/// One accepted connection, as the accept loop sees it.
struct AcceptedConnection: Sendable {
    let channel: any Channel

    /// Builds the connection's pipeline, or refuses it when the server is at `maxConnections`.
    static func initialize(_ channel: any Channel, environment: ServerEnvironment) throws -> AcceptedConnection {
        let configuration = environment.configuration
        let pipeline = channel.pipeline.syncOperations
        guard environment.connections.tryAcquire() else {
            environment.logger.warning("rpc connection refused: too many connections")
            try pipeline.addHandler(ConnectionRefusalHandler())
            return AcceptedConnection(channel: channel)
        }
        let connections = environment.connections
        channel.closeFuture.whenComplete { _ in connections.release() }

        var logger = environment.logger
        logger[metadataKey: "rpc.peer"] = "\(channel.remoteAddress.map { "\($0)" } ?? "?")"
        if let tls = configuration.tls {
            // First, so that everything after it sees plaintext. A connection refused above gets no
            // TLS: a TLS client reads its plaintext refusal as a failed handshake, closed all the same.
            try pipeline.addHandler(tls.makeHandler())
        }
        try pipeline.addHandler(BackPressureHandler())
        try pipeline.addTillFraming(maxFrame: configuration.maxFrame)
        try pipeline.addHandler(ServerConnectionHandler(environment: environment, logger: logger))
        return AcceptedConnection(channel: channel)
    }

    /// Returns when the connection has closed; closes it if the server's task is cancelled.
    func waitUntilClosed() async {
        let channel = self.channel
        await withTaskCancellationHandler {
            try? await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}
