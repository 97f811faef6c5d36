import NIOCore

/// The client's first frame: who it is, and proof that it holds a key.
///
/// `{"type": "hello", "version": 1, "client": "orchestrator-1", "ts": 1764000000, "nonce": "9f1c…", "mac": "hex"}`
struct Hello: Sendable, Hashable {
    var version: Int64
    var client: String
    var ts: Int64
    var nonce: String
    var mac: String

    /// Reads a hello; anything else, or a malformed hello, is the handshake failure to answer with.
    init(_ frame: ParsedFrame) throws(WireError) {
        guard frame.string(frame.type) == "hello" else {
            throw WireError(.unauthenticated, "the first frame must be a hello")
        }
        guard let version = frame.integer(frame.version) else {
            throw WireError(.unauthenticated, "hello.version must be an integer")
        }
        guard version == WireProtocol.version else {
            throw WireError(
                .unsupportedVersion,
                "protocol version \(version) is not supported",
                details: ["supported": .array([.integer(WireProtocol.version)])]
            )
        }
        guard let client = frame.string(frame.client) else {
            throw WireError(.unauthenticated, "hello.client must be a string")
        }
        guard let ts = frame.integer(frame.ts) else {
            throw WireError(.unauthenticated, "hello.ts must be an integer")
        }
        guard let nonce = frame.string(frame.nonce) else {
            throw WireError(.unauthenticated, "hello.nonce must be a string")
        }
        guard let mac = frame.string(frame.mac) else {
            throw WireError(.unauthenticated, "hello.mac must be a string")
        }
        self.init(version: version, client: client, ts: ts, nonce: nonce, mac: mac)
    }

    init(version: Int64 = WireProtocol.version, client: String, ts: Int64, nonce: String, mac: String) {
        self.version = version
        self.client = client
        self.ts = ts
        self.nonce = nonce
        self.mac = mac
    }

    /// The frame body of this hello.
    func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 96 + client.utf8.count + nonce.utf8.count + mac.utf8.count)
        buffer.writeStaticString(#"{"type":"hello","version":"#)
        buffer.writeDecimal(version)
        buffer.writeStaticString(#","client":"#)
        buffer.writeJSONString(client)
        buffer.writeStaticString(#","ts":"#)
        buffer.writeDecimal(ts)
        buffer.writeStaticString(#","nonce":"#)
        buffer.writeJSONString(nonce)
        buffer.writeStaticString(#","mac":"#)
        buffer.writeJSONString(mac)
        buffer.writeInteger(UInt8(ascii: "}"))
        return buffer
    }
}
