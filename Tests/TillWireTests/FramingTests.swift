import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOExtras
import Testing

@testable import TillWire

/// `FrameLengthGuard` + `LengthFieldBasedFrameDecoder` on an `EmbeddedChannel`.
@Suite("Framing")
struct FramingTests {
    /// Records what reaches the tail: frames and errors.
    private final class Recorder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        var frames: [String] = []
        var errors: [any Error] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            frames.append(String(buffer: unwrapInboundIn(data)))
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            errors.append(error)
        }
    }

    /// Counts the bytes the guard lets through to the decoder.
    private final class ByteCounter: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        var bytes = 0

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            bytes += unwrapInboundIn(data).readableBytes
            context.fireChannelRead(data)
        }
    }

    private struct Harness {
        let channel = EmbeddedChannel()
        let counter = ByteCounter()
        let recorder = Recorder()

        init(maxFrame: Int = 64) throws {
            try channel.pipeline.syncOperations.addHandler(FrameLengthGuard(maxFrame: maxFrame))
            try channel.pipeline.syncOperations.addHandler(counter)
            try channel.pipeline.syncOperations.addHandler(
                ByteToMessageHandler(LengthFieldBasedFrameDecoder(lengthFieldBitLength: .thirtyTwoBits))
            )
            try channel.pipeline.syncOperations.addHandler(recorder)
        }

        func write(_ bytes: [UInt8]) throws {
            try channel.writeInbound(ByteBuffer(bytes: bytes))
        }
    }

    private static func frame(_ body: String) -> [UInt8] {
        let bytes = Array(body.utf8)
        return withUnsafeBytes(of: UInt32(bytes.count).bigEndian, Array.init) + bytes
    }

    @Test("a frame split at every possible point is reassembled")
    func splitFrames() throws {
        let bytes = Self.frame(#"{"id":1}"#)
        for split in 1..<bytes.count {
            let harness = try Harness()
            try harness.write(Array(bytes[..<split]))
            #expect(harness.recorder.frames.isEmpty)
            try harness.write(Array(bytes[split...]))
            #expect(harness.recorder.frames == [#"{"id":1}"#], "split at \(split)")
        }
    }

    @Test("one byte at a time")
    func oneByteWrites() throws {
        let harness = try Harness()
        for byte in Self.frame(#"{"a":"b"}"#) + Self.frame("{}") { try harness.write([byte]) }
        #expect(harness.recorder.frames == [#"{"a":"b"}"#, "{}"])
        #expect(harness.recorder.errors.isEmpty)
    }

    @Test("two frames in one packet, and a frame and a half")
    func coalescedFrames() throws {
        let harness = try Harness()
        let third = Self.frame(#"{"n":3}"#)
        try harness.write(Self.frame(#"{"n":1}"#) + Self.frame(#"{"n":2}"#) + Array(third[..<5]))
        #expect(harness.recorder.frames == [#"{"n":1}"#, #"{"n":2}"#])
        try harness.write(Array(third[5...]))
        #expect(harness.recorder.frames == [#"{"n":1}"#, #"{"n":2}"#, #"{"n":3}"#])
    }

    @Test("a zero length is refused")
    func emptyFrame() throws {
        let harness = try Harness()
        try harness.write([0, 0, 0, 0] + Self.frame("{}"))
        #expect(harness.recorder.frames.isEmpty)
        #expect(harness.recorder.errors.count == 1)
        #expect(harness.recorder.errors.first as? FrameLengthGuard.Error == .emptyFrame)
    }

    @Test("an oversized length is refused before any of its body is passed on or buffered")
    func oversized() throws {
        let harness = try Harness(maxFrame: 64)
        let valid = Self.frame(#"{"ok":1}"#)
        let hugeHeader: [UInt8] = [0x7F, 0xFF, 0xFF, 0xFF]
        try harness.write(valid + hugeHeader + Array(repeating: UInt8(ascii: "x"), count: 4096))
        #expect(harness.recorder.frames == [#"{"ok":1}"#], "the frame before the bad header is delivered")
        #expect(harness.counter.bytes == valid.count, "no byte of the bad frame reached the decoder")
        #expect(harness.recorder.errors.first as? FrameLengthGuard.Error == .frameTooLarge(length: 0x7FFF_FFFF, limit: 64))
        // Whatever follows is dropped, not buffered.
        try harness.write(Array(repeating: UInt8(ascii: "y"), count: 1 << 16))
        #expect(harness.counter.bytes == valid.count)
        #expect(harness.recorder.errors.count == 1)
    }

    @Test("an oversized length split across reads is caught on its last byte")
    func oversizedSplitHeader() throws {
        let harness = try Harness(maxFrame: 64)
        try harness.write([0x00, 0x00])
        #expect(harness.recorder.errors.isEmpty)
        try harness.write([0x00, 65])
        #expect(harness.recorder.errors.first as? FrameLengthGuard.Error == .frameTooLarge(length: 65, limit: 64))
    }

    @Test("exactly maxFrame is accepted")
    func limitIsInclusive() throws {
        let harness = try Harness(maxFrame: 10)
        let body = #"{"a":"bc"}"#
        #expect(body.utf8.count == 10)
        try harness.write(Self.frame(body))
        #expect(harness.recorder.frames == [body])
        #expect(harness.recorder.errors.isEmpty)
    }

    @Test("the prepender writes a 4-byte big-endian length")
    func prepender() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addTillFraming(maxFrame: 1024)
        try channel.writeOutbound(ByteBuffer(string: "{}"))
        let header = try #require(try channel.readOutbound(as: ByteBuffer.self))
        let body = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(Array(header.readableBytesView) == [0, 0, 0, 2])
        #expect(String(buffer: body) == "{}")
    }
}

/// The server connection handler's answers to malformed frames, on an `EmbeddedChannel`.
@Suite("Server connection framing")
struct ServerConnectionFramingTests {
    private func serverChannel(maxFrame: Int = 1024) throws -> EmbeddedChannel {
        var configuration = RPCServerConfiguration(serverName: "embedded-1")
        configuration.maxFrame = maxFrame
        configuration.handlersRunOnEventLoop = false
        let environment = ServerEnvironment(
            configuration: configuration,
            router: TestServer.router(),
            keyRing: try TestKeys.keyRing(),
            nonceCache: InMemoryNonceCache(),
            logger: .init(label: "embedded", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addTillFraming(maxFrame: maxFrame)
        try channel.pipeline.syncOperations.addHandler(ServerConnectionHandler(environment: environment, logger: environment.logger))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        return channel
    }

    /// The frames the handler wrote (header and body buffers joined), as JSON values.
    private func written(_ channel: EmbeddedChannel) throws -> [JSONValue] {
        var bytes: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { bytes += buffer.readableBytesView }
        var frames: [JSONValue] = []
        var index = 0
        while index + 4 <= bytes.count {
            let length = bytes[index..<index + 4].reduce(0) { $0 << 8 | Int($1) }
            let body = Data(bytes[(index + 4)..<(index + 4 + length)])
            frames.append(try JSONDecoder().decode(JSONValue.self, from: body))
            index += 4 + length
        }
        return frames
    }

    private static func frame(_ body: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(body.count))
        buffer.writeBytes(body)
        return buffer
    }

    @Test(
        "non-JSON, invalid UTF-8 and non-object frames get invalid_json and a close",
        arguments: [
            Array("not json".utf8), Array("[1,2,3]".utf8), Array("42".utf8), Array(#"{"a":1"#.utf8),
            Array(#"{"type":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8),
        ]
    )
    func invalidFrames(_ body: [UInt8]) throws {
        let channel = try serverChannel()
        try channel.writeInbound(Self.frame(body))
        channel.embeddedEventLoop.run()
        let frames = try written(channel)
        #expect(frames == [["id": nil, "error": frames.first?["error"] ?? nil]])
        #expect(frames.first?["error"]?["code"] == "invalid_json")
        #expect(!channel.isActive, "the connection is closed")
    }

    @Test("an oversized length gets frame_too_large and a close")
    func oversized() throws {
        let channel = try serverChannel(maxFrame: 100)
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(101))
        buffer.writeRepeatingByte(UInt8(ascii: "{"), count: 50)
        try channel.writeInbound(buffer)
        channel.embeddedEventLoop.run()
        let frames = try written(channel)
        #expect(frames.count == 1)
        #expect(frames.first?["error"]?["code"] == "frame_too_large")
        #expect(frames.first?["error"]?["details"]?["max_frame"] == 100)
        #expect(!channel.isActive)
    }

    @Test("a zero length gets invalid_json and a close")
    func zeroLength() throws {
        let channel = try serverChannel()
        try channel.writeInbound(ByteBuffer(bytes: [0, 0, 0, 0]))
        channel.embeddedEventLoop.run()
        #expect(try written(channel).first?["error"]?["code"] == "invalid_json")
        #expect(!channel.isActive)
    }

    @Test("anything but a hello first gets unauthenticated and a close")
    func requestFirst() throws {
        let channel = try serverChannel()
        try channel.writeInbound(Self.frame(Array(#"{"id":1,"method":"test.echo"}"#.utf8)))
        channel.embeddedEventLoop.run()
        #expect(try written(channel).first?["error"]?["code"] == "unauthenticated")
        #expect(!channel.isActive)
    }

    @Test("no hello within the handshake timeout closes the connection")
    func handshakeTimeout() throws {
        let channel = try serverChannel()
        channel.embeddedEventLoop.advanceTime(by: .seconds(4))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(try written(channel).first?["error"]?["code"] == "unauthenticated")
        #expect(!channel.isActive)
    }
}
