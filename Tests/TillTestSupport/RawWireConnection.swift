import Foundation
import NIOCore
import NIOExtras
import NIOPosix
import Synchronization
import TillWire

/// A deliberately dumb peer for live tests: writes whatever bytes or frames a test wants and reads
/// frames back as JSON, without any of the client's logic.
///
/// Shared by the wire library's tests (`TillWireTests`, their own test keys) and the hostile-input
/// suite against the executables (`ServiceProcess.testClusterKey`): each passes its cluster key.
public final class RawWireConnection: Sendable {
    /// The connection to the server.
    public let channel: any Channel
    /// The key ``sendHello(key:client:ts:nonce:version:)`` and ``authenticate(key:client:)`` sign with
    /// unless told otherwise.
    public let key: String
    private let inbox: FrameInbox

    private init(channel: any Channel, key: String, inbox: FrameInbox) {
        self.channel = channel
        self.key = key
        self.inbox = inbox
    }

    /// Connects to `127.0.0.1:port`; hellos are signed with `key` by default.
    public static func connect(port: Int, key: String) async throws -> RawWireConnection {
        let inbox = FrameInbox()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(LengthFieldBasedFrameDecoder(lengthFieldBitLength: .thirtyTwoBits))
                    )
                    try channel.pipeline.syncOperations.addHandler(InboxHandler(inbox: inbox))
                }
            }
            .connect(host: "127.0.0.1", port: port)
            .get()
        return RawWireConnection(channel: channel, key: key, inbox: inbox)
    }

    /// Sends `json` as one frame (length prefix + body).
    public func send(_ json: String) async throws {
        let body = Array(json.utf8)
        try await sendRaw(Self.frame(body))
    }

    /// Sends bytes exactly as given (for malformed framing).
    public func sendRaw(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    }

    /// `body` with its length prefix.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        lengthPrefix(body.count) + body
    }

    /// The 4-byte big-endian length prefix of a frame of `count` bytes.
    public static func lengthPrefix(_ count: Int) -> [UInt8] {
        let length = UInt32(truncatingIfNeeded: count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
    }

    /// A correctly signed hello (unless the arguments say otherwise).
    public func sendHello(
        key: String? = nil,
        client: String = "test-client",
        ts: Int64 = Int64(Date().timeIntervalSince1970),
        nonce: String = HandshakeSignature.makeNonce(),
        version: Int = 1
    ) async throws {
        let mac = HandshakeSignature.mac(key: SecretKey(key ?? self.key), client: client, ts: ts, nonce: nonce)
        try await send(
            #"{"type":"hello","version":\#(version),"client":"\#(client)","ts":\#(ts),"nonce":"\#(nonce)","mac":"\#(mac)"}"#
        )
    }

    /// Hello, then expects the welcome.
    public func authenticate(key: String? = nil, client: String = "test-client") async throws {
        try await sendHello(key: key, client: client)
        let welcome = try await receive()
        guard welcome?["type"]?.stringValue == "welcome" else {
            throw TestSupportError("expected a welcome, got \(String(describing: welcome))")
        }
    }

    /// Sends one request and returns the response with that `id` (responses to earlier requests
    /// are skipped); `nil` when the server closed the connection instead.
    public func call(id: Int, _ method: String, params: String = "{}", idempotencyKey: String? = nil) async throws -> JSONValue? {
        let key = idempotencyKey.map { #","idempotency_key":"\#($0)""# } ?? ""
        try await send(#"{"id":\#(id),"method":"\#(method)","params":\#(params)\#(key)}"#)
        while let frame = try await receive() {
            if frame["id"]?.integerValue == Int64(id) { return frame }
        }
        return nil
    }

    /// The next frame as JSON, or `nil` once the server closed the connection.
    public func receive(timeout: Duration = .seconds(10)) async throws -> JSONValue? {
        guard let frame = try await inbox.next(timeout: timeout, on: channel.eventLoop) else { return nil }
        return try JSONDecoder().decode(JSONValue.self, from: Data(frame.readableBytesView))
    }

    /// All frames until the server closes the connection.
    public func receiveUntilClosed(timeout: Duration = .seconds(10)) async throws -> [JSONValue] {
        var frames: [JSONValue] = []
        while let frame = try await receive(timeout: timeout) { frames.append(frame) }
        return frames
    }

    /// Whether the server closed the connection (waits up to `timeout`).
    public func isClosedByServer(timeout: Duration = .seconds(10)) async -> Bool {
        (try? await inbox.waitForClose(timeout: timeout, on: channel.eventLoop)) ?? false
    }

    /// Closes the write side only (the server sees end of input).
    public func halfClose() async throws {
        try await channel.close(mode: .output).get()
    }

    /// Closes the connection.
    public func close() async {
        try? await channel.close().get()
    }
}

/// Frames received, handed out in order to one waiter at a time.
private final class FrameInbox: Sendable {
    private struct State {
        var frames: [ByteBuffer] = []
        var closed = false
        var waiter: CheckedContinuation<ByteBuffer?, any Error>?
        /// Identifies the current waiter, so a stale timeout cannot expire a later one.
        var generation = 0
    }

    private let state = Mutex(State())

    func push(_ frame: ByteBuffer) {
        let waiter: CheckedContinuation<ByteBuffer?, any Error>? = state.withLock { state in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.frames.append(frame)
            return nil
        }
        waiter?.resume(returning: frame)
    }

    func close() {
        let waiter = state.withLock { state in
            state.closed = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    func next(timeout: Duration, on eventLoop: any EventLoop) async throws -> ByteBuffer? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer?, any Error>) in
            let (immediate, generation): (ByteBuffer??, Int) = state.withLock { state in
                if !state.frames.isEmpty { return (.some(state.frames.removeFirst()), 0) }
                if state.closed { return (.some(nil), 0) }
                state.waiter = continuation
                state.generation += 1
                return (nil, state.generation)
            }
            if let immediate {
                continuation.resume(returning: immediate)
                return
            }
            eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                let expired = self.state.withLock { state -> CheckedContinuation<ByteBuffer?, any Error>? in
                    guard state.generation == generation else { return nil }
                    defer { state.waiter = nil }
                    return state.waiter
                }
                expired?.resume(throwing: TestSupportError("no frame within \(timeout)"))
            }
        }
    }

    /// Skips frames until the connection closes.
    func waitForClose(timeout: Duration, on eventLoop: any EventLoop) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await next(timeout: deadline - ContinuousClock.now, on: eventLoop) == nil { return true }
        }
        return false
    }
}

private final class InboxHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let inbox: FrameInbox

    init(inbox: FrameInbox) { self.inbox = inbox }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inbox.push(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        inbox.close()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { inbox.close() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
