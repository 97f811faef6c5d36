import NIOCore
import NIOPosix
import Synchronization
import Testing
import TillTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The test suite's TCP fault proxy, against a real echo server over loopback sockets.
@Suite("FaultProxy (live)")
struct FaultProxyTests {
    @Test("pass relays both directions at once, in order")
    func pass() async throws {
        try await withEcho { proxy in
            let client = try await ProbeClient.connect(port: proxy.port)
            defer { client.close() }
            try await client.send("hello ")
            try await client.send("world")
            #expect(try await client.receive(count: 11, within: .seconds(5)) == "hello world")
            let counters = proxy.counters
            #expect(counters.accepted == 1)
            #expect(counters.bytesRelayed == 22)  // 11 each way
            #expect(counters.bytesDropped == 0 && counters.reset == 0)
        }
    }

    @Test("delay holds every chunk in both directions and keeps order, also once lifted")
    func delay() async throws {
        try await withEcho { proxy in
            let client = try await ProbeClient.connect(port: proxy.port)
            defer { client.close() }
            proxy.set(.delay(.milliseconds(300)))
            let start = ContinuousClock.now
            try await client.send("a")
            try await client.send("b")
            // Lift the delay only once the proxy holds both (under load it may read them late).
            let held = ContinuousClock.now + .seconds(5)
            while proxy.counters.bytesDelayed < 2, ContinuousClock.now < held { try await Task.sleep(for: .milliseconds(5)) }
            proxy.set(.pass)  // "c" must still wait behind "a" and "b"
            try await client.send("c")
            let echoed = try await client.receive(count: 3, within: .seconds(5))
            let elapsed = ContinuousClock.now - start
            #expect(echoed == "abc")
            #expect(elapsed >= .milliseconds(300), "\(elapsed)")
            #expect(elapsed < .seconds(3), "\(elapsed)")
        }
    }

    @Test("drop black-holes a busy connection without closing it; idle and new connections work after pass")
    func drop() async throws {
        try await withEcho { proxy in
            let busy = try await ProbeClient.connect(port: proxy.port)
            let idle = try await ProbeClient.connect(port: proxy.port)
            defer {
                busy.close()
                idle.close()
            }
            try await busy.send("1")
            #expect(try await busy.receive(count: 1, within: .seconds(5)) == "1")

            proxy.set(.drop)
            try await busy.send("lost")
            let opened = try await ProbeClient.connect(port: proxy.port)  // opened during the outage
            defer { opened.close() }
            try await opened.send("lost too")
            try await Task.sleep(for: .milliseconds(400))
            #expect(busy.received == "1" && busy.ending == nil, "the black hole answered or closed: \(busy.ending.map { "\($0)" } ?? busy.received)")
            #expect(opened.received.isEmpty && opened.ending == nil)

            proxy.set(.pass)
            try await busy.send("still lost")
            try await idle.send("idle")
            #expect(try await idle.receive(count: 4, within: .seconds(5)) == "idle")
            let fresh = try await ProbeClient.connect(port: proxy.port)
            defer { fresh.close() }
            try await fresh.send("fresh")
            #expect(try await fresh.receive(count: 5, within: .seconds(5)) == "fresh")
            try await Task.sleep(for: .milliseconds(200))
            #expect(busy.received == "1" && busy.ending == nil)
            let counters = proxy.counters
            #expect(counters.blackHoled == 2, "\(counters)")
            #expect(counters.bytesDropped == "lost".utf8.count + "lost too".utf8.count + "still lost".utf8.count, "\(counters)")
        }
    }

    @Test("reset closes open connections with RST at once, and every new one")
    func reset() async throws {
        try await withEcho { proxy in
            let open = try await ProbeClient.connect(port: proxy.port)
            defer { open.close() }
            try await open.send("x")
            #expect(try await open.receive(count: 1, within: .seconds(5)) == "x")

            proxy.set(.reset)
            #expect(try await open.ended(within: .seconds(5)) == .reset)

            // The kernel accepts, the proxy resets: the RST may even beat the end of the connect.
            do {
                let later = try await ProbeClient.connect(port: proxy.port)
                defer { later.close() }
                #expect(try await later.ended(within: .seconds(5)) == .reset)
            } catch let error as NIOConnectionError {
                #expect(error.connectionErrors.contains { ($0.error as? IOError)?.errnoCode == ECONNRESET }, "\(error)")
            }

            proxy.set(.pass)
            let fresh = try await ProbeClient.connect(port: proxy.port)
            defer { fresh.close() }
            try await fresh.send("back")
            #expect(try await fresh.receive(count: 4, within: .seconds(5)) == "back")
            #expect(proxy.counters.reset == 2, "\(proxy.counters)")
        }
    }

    @Test("a target that is not listening: the client's connection is closed")
    func deadTarget() async throws {
        let proxy = try await FaultProxy.start(port: FreePort.next())
        let client = try await ProbeClient.connect(port: proxy.port)
        defer { client.close() }
        #expect(try await client.ended(within: .seconds(5)) != nil)
        await proxy.stop()
    }

    /// Runs `body` with a proxy in front of a fresh echo server; stops both after.
    private func withEcho(_ body: (FaultProxy) async throws -> Void) async throws {
        let echo = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(EchoHandler()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = echo.localAddress?.port else { throw TestSupportError("echo server without a port") }
        let proxy = try await FaultProxy.start(port: port)
        do {
            try await body(proxy)
        } catch {
            await proxy.stop()
            try? await echo.close()
            throw error
        }
        await proxy.stop()
        try? await echo.close()
    }
}

private final class EchoHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(data, promise: nil)
    }
}

/// A client that records what it received and how its connection ended.
private final class ProbeClient: Sendable {
    enum Ending: Equatable, Sendable, CustomStringConvertible {
        case closed, reset, error(String)
        var description: String {
            switch self {
            case .closed: "closed"
            case .reset: "reset"
            case .error(let text): text
            }
        }
    }

    struct State {
        var bytes: [UInt8] = []
        var ending: Ending?
    }

    let channel: any Channel
    let state: ProbeState

    private init(channel: any Channel, state: ProbeState) {
        self.channel = channel
        self.state = state
    }

    static func connect(port: Int) async throws -> ProbeClient {
        let state = ProbeState()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(ProbeHandler(state: state)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return ProbeClient(channel: channel, state: state)
    }

    var received: String { String(decoding: state.value.withLock { $0.bytes }, as: UTF8.self) }
    var ending: Ending? { state.value.withLock { $0.ending } }

    func send(_ text: String) async throws {
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text)).get()
        } catch {
            throw TestSupportError("sending \"\(text)\": \(error) (connection \(ending.map { "\($0)" } ?? "open"))")
        }
    }

    /// Waits until `count` bytes arrived; returns them.
    func receive(count: Int, within timeout: Duration) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (bytes, ending) = state.value.withLock { ($0.bytes, $0.ending) }
            if bytes.count >= count { return String(decoding: bytes, as: UTF8.self) }
            if let ending { throw TestSupportError("connection \(ending) after \(bytes.count) bytes") }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestSupportError("only \(received.utf8.count) of \(count) bytes within \(timeout)")
    }

    /// Waits until the connection ends; `nil` if it is still open after `timeout`.
    func ended(within timeout: Duration) async throws -> Ending? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let ending { return ending }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    func close() {
        channel.close(promise: nil)
    }
}

/// A `Mutex` in a class, so that a channel initializer and the test can share it.
private final class ProbeState: Sendable {
    let value = Mutex(ProbeClient.State())
}

private final class ProbeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let state: ProbeState

    init(state: ProbeState) {
        self.state = state
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = Array(unwrapInboundIn(data).readableBytesView)
        state.value.withLock { $0.bytes += bytes }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let reset = (error as? IOError)?.errnoCode == ECONNRESET
        state.value.withLock { if $0.ending == nil { $0.ending = reset ? .reset : .error("\(error)") } }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        state.value.withLock { if $0.ending == nil { $0.ending = .closed } }
    }
}
