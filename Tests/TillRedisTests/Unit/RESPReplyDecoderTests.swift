import NIOCore
import NIOEmbedded
import Testing
@testable import TillRedis

/// hiredis' reader behind `RESPReplyDecoder`, fed through an `EmbeddedChannel`.
@Suite struct RESPReplyDecoderTests {
    private func decode(_ chunks: [ByteBuffer]) throws -> [RESPValue] {
        let channel = EmbeddedChannel(handler: RESPReplyDecoder())
        defer { _ = try? channel.finish() }
        var replies: [RESPValue] = []
        for chunk in chunks {
            try channel.writeInbound(chunk)
            while let reply = try channel.readInbound(as: RESPValue.self) { replies.append(reply) }
        }
        return replies
    }

    private func decode(_ text: String) throws -> [RESPValue] {
        try decode([ByteBuffer(string: text)])
    }

    private func bulk(_ text: String) -> RESPValue { .bulkString(ByteBuffer(string: text)) }

    /// Every kind of RESP2 reply, and what it decodes to.
    private let sample = (
        "+OK\r\n" + "-ERR wrong number of arguments\r\n" + ":-42\r\n" + "$5\r\nhe\r\no\r\n" + "$0\r\n\r\n"
            + "$-1\r\n" + "*-1\r\n" + "*0\r\n" + "*3\r\n:1\r\n*2\r\n$1\r\na\r\n*1\r\n$-1\r\n*-1\r\n",
        [
            RESPValue.simpleString("OK"), .error("ERR wrong number of arguments"), .integer(-42),
            .bulkString(ByteBuffer(string: "he\r\no")), .bulkString(ByteBuffer()), .bulkString(nil), .array(nil),
            .array([]), .array([.integer(1), .array([.bulkString(ByteBuffer(string: "a")), .array([.bulkString(nil)])]), .array(nil)]),
        ]
    )

    @Test func decodesEveryReplyKind() throws {
        #expect(try decode(sample.0) == sample.1)
    }

    @Test func decodesInputFedOneByteAtATime() throws {
        let chunks = sample.0.utf8.map { ByteBuffer(bytes: [$0]) }
        #expect(try decode(chunks) == sample.1)
    }

    @Test func decodesInputSplitAtEveryPosition() throws {
        let bytes = Array(sample.0.utf8)
        for split in 1..<bytes.count {
            let chunks = [ByteBuffer(bytes: bytes[..<split]), ByteBuffer(bytes: bytes[split...])]
            #expect(try decode(chunks) == sample.1, "split at \(split)")
        }
    }

    @Test func distinguishesNullBulkFromNullArray() throws {
        let replies = try decode("$-1\r\n*-1\r\n")
        #expect(replies == [.bulkString(nil), .array(nil)])
        let allNull = replies.allSatisfy { $0.isNull }
        #expect(allNull)
        #expect(replies[0].string == nil && replies[1].array == nil)
    }

    @Test func decodesDeeplyNestedArrays() throws {
        let depth = 6
        let text = String(repeating: "*1\r\n", count: depth) + ":7\r\n"
        var expected = RESPValue.integer(7)
        for _ in 0..<depth { expected = .array([expected]) }
        #expect(try decode(text) == [expected])
    }

    @Test func decodesALargeBulkStringArrivingInPieces() throws {
        var generator = SystemRandomNumberGenerator()
        let payload = (0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var wire = ByteBuffer(string: "$\(payload.count)\r\n")
        wire.writeBytes(payload)
        wire.writeString("\r\n:1\r\n")
        var chunks: [ByteBuffer] = []
        while wire.readableBytes > 0 {
            chunks.append(wire.readSlice(length: min(wire.readableBytes, 65_536))!)
        }
        let replies = try decode(chunks)
        #expect(replies.count == 2)
        #expect(replies.first?.bytes == payload)
        #expect(replies.last == .integer(1))
    }

    @Test func manyRepliesInOneRead() throws {
        let text = (0..<10_000).map { ":\($0)\r\n" }.joined()
        #expect(try decode(text) == (0..<10_000).map { RESPValue.integer(Int64($0)) })
    }

    @Test func invalidInputIsAProtocolErrorAndStopsDecoding() throws {
        let channel = EmbeddedChannel(handler: RESPReplyDecoder())
        defer { _ = try? channel.finish() }
        let error = #expect(throws: RedisError.self) {
            try channel.writeInbound(ByteBuffer(string: "+OK\r\n?garbage\r\n"))
        }
        #expect(error?.code == .protocolError)
        #expect(try channel.readInbound(as: RESPValue.self) == .simpleString("OK"))
        #expect(try channel.readInbound(as: RESPValue.self) == nil)
        try channel.writeInbound(ByteBuffer(string: "+OK\r\n"))
        #expect(try channel.readInbound(as: RESPValue.self) == nil)
    }

    @Test func accessors() {
        #expect(bulk("12").int == 12)
        #expect(RESPValue.integer(5).int64 == 5)
        #expect(RESPValue.simpleString("OK").string == "OK")
        #expect(RESPValue.simpleString("OK").buffer == ByteBuffer(string: "OK"))
        #expect(RESPValue.error("ERR x").errorMessage == "ERR x")
        #expect(RESPValue.error("ERR x").string == nil)
        #expect(RESPValue.array([.integer(1)]).array == [.integer(1)])
        #expect(RESPValue.integer(1).array == nil)
        #expect(bulk("x").int == nil)
        #expect(!bulk("").isNull)
        #expect(RESPValue.null.isNull)
    }
}
