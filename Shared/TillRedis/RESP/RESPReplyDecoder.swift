import NIOCore

/// Turns the bytes Redis sends into one ``RESPValue`` per reply.
///
/// hiredis buffers partial replies itself, so this is a plain inbound handler rather than a
/// `ByteToMessageDecoder`. After invalid input it fires a ``RedisError/Code/protocolError`` and
/// drops all further bytes: the stream cannot be resynchronised, the connection must close.
final class RESPReplyDecoder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = RESPValue

    private let parser = RESPReplyParser()
    private var failed = false

    init() {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let bytes = unwrapInboundIn(data)
        do {
            try parser.feed(bytes)
            while let reply = try parser.next() {
                context.fireChannelRead(wrapInboundOut(reply))
            }
        } catch {
            failed = true
            context.fireErrorCaught(error)
        }
    }
}

@available(*, unavailable)
extension RESPReplyDecoder: Sendable {}
