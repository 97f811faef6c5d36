import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One HTTP answer, as much as a benchmark looks at.
struct BenchHTTPResponse: Sendable {
    var status: Int
    var body: ByteBuffer

    var text: String { String(buffer: body) }
}

/// A small HTTP/1.1 keep-alive client for load generation: a fixed set of connections, each
/// lent to one request at a time, so `n` requests in flight over `n` connections never wait on
/// each other. It costs far less CPU per request than a general-purpose client, which matters
/// when client, server and Redis share two cores.
final class BenchHTTPClient: Sendable {
    private let host: String
    private let channels: [any Channel]
    /// Indices of connections not carrying a request right now.
    private let idle: Mutex<[Int]>
    private let next = Atomic<Int>(0)

    private init(host: String, channels: [any Channel]) {
        self.host = host
        self.channels = channels
        self.idle = Mutex(Array(channels.indices))
    }

    /// Opens `connections` connections to `host:port`.
    static func connect(host: String, port: Int, connections: Int) async throws -> BenchHTTPClient {
        var channels: [any Channel] = []
        for _ in 0..<max(connections, 1) {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(BenchHTTPHandler())
                    }
                }
                .connect(host: host, port: port).get()
            channels.append(channel)
        }
        return BenchHTTPClient(host: host, channels: channels)
    }

    /// Sends one request on an idle connection (or, if every one is busy, pipelines it on the
    /// next in turn) and waits for the whole answer.
    func send(method: HTTPMethod, path: String, headers: [(String, String)] = [], body: ByteBuffer? = nil) async throws -> BenchHTTPResponse {
        let index = idle.withLock { $0.popLast() } ?? next.wrappingAdd(1, ordering: .relaxed).oldValue % channels.count
        defer { idle.withLock { $0.append(index) } }
        let channel = channels[index]
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Content-Length", value: String(body?.readableBytes ?? 0))
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let promise = channel.eventLoop.makePromise(of: BenchHTTPResponse.self)
        channel.writeAndFlush(BenchHTTPExchange(head: head, body: body, answer: promise), promise: nil)
        return try await promise.futureResult.get()
    }

    func close() async {
        for channel in channels { try? await channel.close() }
    }
}

/// A request and where its answer goes.
struct BenchHTTPExchange: Sendable {
    var head: HTTPRequestHead
    var body: ByteBuffer?
    var answer: EventLoopPromise<BenchHTTPResponse>
}

/// Why a benchmark request got no answer.
enum BenchHTTPError: Error {
    case connectionClosed
}

/// Writes exchanges as request parts and completes them, in order, with the answers.
final class BenchHTTPHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = BenchHTTPExchange
    typealias OutboundOut = HTTPClientRequestPart

    private var waiting = CircularBuffer<EventLoopPromise<BenchHTTPResponse>>()
    private var status = 0
    private var body = ByteBuffer()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let exchange = unwrapOutboundIn(data)
        waiting.append(exchange.answer)
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        if let body = exchange.body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            waiting.popFirst()?.succeed(BenchHTTPResponse(status: status, body: body))
            body = ByteBuffer()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        while let answer = waiting.popFirst() { answer.fail(BenchHTTPError.connectionClosed) }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        while let answer = waiting.popFirst() { answer.fail(error) }
        context.close(promise: nil)
    }
}
