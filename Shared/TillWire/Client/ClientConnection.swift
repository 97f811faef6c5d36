import Logging
import NIOCore
import NIOPosix
import TillTLS

/// An authenticated connection to one replica, shared by many concurrent calls.
final class ClientConnection: Sendable {
    let channel: any Channel
    let address: PeerAddress
    private let handler: NIOLoopBound<ClientConnectionHandler>

    private init(channel: any Channel, address: PeerAddress, handler: NIOLoopBound<ClientConnectionHandler>) {
        self.channel = channel
        self.address = address
        self.handler = handler
    }

    /// Connects to `address` and completes the handshake; fails with an ``RPCError``.
    static func connect(
        to address: PeerAddress,
        configuration: RPCClientConfiguration,
        codec: RPCCodec,
        logger: Logger
    ) -> EventLoopFuture<ClientConnection> {
        let eventLoop = configuration.eventLoopGroup.next()
        let settings = ClientConnectionHandler.Settings(
            clientName: configuration.clientName,
            key: configuration.key,
            handshakeTimeout: configuration.handshakeTimeout,
            drainTimeout: configuration.drainTimeout,
            maxInFlight: configuration.maxInFlightPerConnection,
            unixTime: configuration.unixTime
        )
        let maxFrame = configuration.maxFrame
        let tls = configuration.tls
        var logger = logger
        logger[metadataKey: "rpc.peer"] = "\(address)"
        let connectionLogger = logger
        let handshake = eventLoop.makePromise(of: Int.self)
        let connected = ClientBootstrap(group: eventLoop)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tls {
                        try sync.addHandler(tls.makeHandler(host: address.host))
                    }
                    try sync.addTillFraming(maxFrame: maxFrame)
                    let handler = ClientConnectionHandler(
                        settings: settings,
                        codec: codec,
                        handshake: handshake,
                        logger: connectionLogger
                    )
                    try sync.addHandler(handler)
                    return ()
                }
            }
            .connect(host: address.host, port: address.port)

        connected.whenFailure { error in
            handshake.fail(RPCError.transport("cannot connect to \(address): \(error)"))
        }
        return connected.flatMap { channel in
            handshake.futureResult.flatMapThrowing { _ in
                let handler = try channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self)
                return ClientConnection(
                    channel: channel,
                    address: address,
                    handler: NIOLoopBound(handler, eventLoop: channel.eventLoop)
                )
            }
            .flatMapErrorThrowing { error in
                channel.close(promise: nil)
                throw error
            }
        }
        .flatMapErrorThrowing { error in
            throw (error as? RPCError) ?? RPCError.transport("cannot connect to \(address): \(error)")
        }
    }

    /// Sends one request frame and waits for its outcome (response, deadline, close or cancellation).
    func roundTrip(id: UInt64, frame: ByteBuffer, deadline: NIODeadline) async -> PendingCall.Outcome {
        let pending = PendingCall()
        let eventLoop = channel.eventLoop
        let handler = self.handler
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { continuation in
                guard pending.install(continuation) else { return }
                if eventLoop.inEventLoop {
                    handler.value.send(id: id, frame: frame, deadline: deadline, pending: pending)
                } else {
                    eventLoop.execute { handler.value.send(id: id, frame: frame, deadline: deadline, pending: pending) }
                }
            }
        } onCancel: {
            if pending.cancel() {
                eventLoop.execute { handler.value.forget(id: id) }
            }
        }
    }

    /// Stops taking calls and closes once those in flight are answered (bounded by the drain timeout).
    func shutdown() {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.shutdown() }
    }
}
