import NIOCore

/// The server's answer to an accepted hello: `{"type": "welcome", "version": 1, "server": "inventory-1", "max_frame": 1048576}`.
struct Welcome: Sendable, Hashable {
    var version: Int64 = WireProtocol.version
    var server: String
    /// The largest frame body the server accepts; a client never sends more.
    var maxFrame: Int

    init(server: String, maxFrame: Int) {
        self.server = server
        self.maxFrame = maxFrame
    }

    /// Reads a welcome, or returns `nil` if `frame` is something else.
    init?(_ frame: ParsedFrame) {
        guard frame.string(frame.type) == "welcome",
            let version = frame.integer(frame.version),
            let server = frame.string(frame.server),
            let maxFrame = frame.integer(frame.maxFrame), maxFrame > 0
        else { return nil }
        self.version = version
        self.server = server
        self.maxFrame = Int(clamping: maxFrame)
    }

    func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 80 + server.utf8.count)
        buffer.writeStaticString(#"{"type":"welcome","version":"#)
        buffer.writeDecimal(version)
        buffer.writeStaticString(#","server":"#)
        buffer.writeJSONString(server)
        buffer.writeStaticString(#","max_frame":"#)
        buffer.writeDecimal(Int64(maxFrame))
        buffer.writeInteger(UInt8(ascii: "}"))
        return buffer
    }
}
