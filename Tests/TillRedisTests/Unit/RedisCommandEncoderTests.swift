import NIOCore
import NIOEmbedded
import Testing
@testable import TillRedis

@Suite struct RedisCommandEncoderTests {
    private func wire(_ command: RedisCommand) -> String {
        String(buffer: command.encoded)
    }

    @Test func encodesAnArrayOfBulkStrings() {
        #expect(wire(RedisCommand("SET", ["key", "value"])) == "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n")
        #expect(wire(RedisCommand("PING", [])) == "*1\r\n$4\r\nPING\r\n")
        #expect(RedisCommand("GET", "k").name == "GET")
    }

    @Test func encodesEmptyArguments() {
        #expect(wire(RedisCommand("SET", ["", ""])) == "*3\r\n$3\r\nSET\r\n$0\r\n\r\n$0\r\n\r\n")
    }

    @Test func encodesIntegersAsDecimalText() {
        let command = RedisCommand("X", [0, -1, Int.max, Int64.min, UInt64.max])
        #expect(
            wire(command)
                == "*6\r\n$1\r\nX\r\n$1\r\n0\r\n$2\r\n-1\r\n$19\r\n\(Int.max)\r\n$20\r\n\(Int64.min)\r\n$20\r\n\(UInt64.max)\r\n"
        )
    }

    @Test func encodesBinaryAndTextKinds() {
        let command = RedisCommand("X", [[UInt8](arrayLiteral: 0, 13, 10), ByteBuffer(string: "bb"), "ünï"[...]])
        var expected = ByteBuffer(string: "*4\r\n$1\r\nX\r\n$3\r\n")
        expected.writeBytes([0, 13, 10])
        expected.writeString("\r\n$2\r\nbb\r\n$5\r\nünï\r\n")
        #expect(command.encoded == expected)
    }

    /// The encoding is RESP, so hiredis' own reader must read it back as the same arguments.
    @Test func roundTripsThroughTheReplyParser() throws {
        let big = [UInt8](repeating: 0x2a, count: 1 << 20)
        let arguments: [any RedisArgumentConvertible] = ["k", 42, big, "", ByteBuffer(bytes: [0xff, 0])]
        let command = RedisCommand("MSET", arguments)
        let channel = EmbeddedChannel(handler: RESPReplyDecoder())
        defer { _ = try? channel.finish() }
        try channel.writeInbound(command.encoded)
        let decoded = try #require(try channel.readInbound(as: RESPValue.self)?.array)
        #expect(decoded.compactMap(\.bytes) == [Array("MSET".utf8), Array("k".utf8), Array("42".utf8), big, [], [0xff, 0]])
    }

    @Test func scriptsAreNamedByTheirSHA1() {
        #expect(RedisScript("return 1").sha1 == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
        #expect(RedisScript("return 1") == RedisScript("return 1"))
    }
}
