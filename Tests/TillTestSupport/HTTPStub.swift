import NIOCore
import NIOPosix

/// A stand-in HTTP server on a given loopback port that answers every request with one fixed
/// status and closes the connection — enough for a readiness probe (`GET /readyz`) aimed at a
/// fake service.
public final class HTTPStub: Sendable {
    /// The port it listens on.
    public let port: Int
    private let channel: any Channel

    private init(port: Int, channel: any Channel) {
        self.port = port
        self.channel = channel
    }

    /// Listens on `127.0.0.1:port` and answers `status` (200 unless told) with an empty JSON body.
    public static func start(port: Int, status: Int = 200) async throws -> HTTPStub {
        let response = "HTTP/1.1 \(status) Stub\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(Responder(response: response))
                }
            }
            .bind(host: "127.0.0.1", port: port)
            .get()
        return HTTPStub(port: port, channel: channel)
    }

    /// Stops listening.
    public func stop() async {
        try? await self.channel.close()
    }

    /// Answers once the request head is complete, then closes.
    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let response: String
        private var received = ""

        init(response: String) {
            self.response = response
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            self.received += String(buffer: self.unwrapInboundIn(data))
            guard self.received.contains("\r\n\r\n") else { return }
            self.received = ""
            let buffer = context.channel.allocator.buffer(string: self.response)
            let channel = context.channel
            context.writeAndFlush(self.wrapOutboundOut(buffer)).whenComplete { _ in
                channel.close(promise: nil)
            }
        }
    }
}
