import NIOCore

/// Answers a connection the server cannot take (`maxConnections` reached) with one `overloaded`
/// frame and closes it. It is the only handler of such a connection: nothing is read from it.
final class ConnectionRefusalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The whole frame, length prefix included, built once.
    static let refusal: ByteBuffer = {
        let body = Envelope.failure(id: nil, WireError(.overloaded, "the server has too many connections"))
        var frame = ByteBuffer()
        frame.writeInteger(UInt32(body.readableBytes))
        frame.writeImmutableBuffer(body)
        return frame
    }()

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { refuse(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        refuse(context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Ignored: the connection is being closed.
    }

    private var refused = false

    private func refuse(context: ChannelHandlerContext) {
        guard !refused else { return }
        refused = true
        let channel = context.channel
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(Self.refusal), promise: written)
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }
}

@available(*, unavailable)
extension ConnectionRefusalHandler: Sendable {}
