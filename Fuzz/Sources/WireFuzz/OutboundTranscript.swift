import NIOCore
@testable import TillWire

/// Everything the server wrote on one connection, checked against what `WIRE.md` promises a peer
/// whatever it sends: well-formed frames within `max_frame`, each a JSON object; at most one welcome,
/// first; no result before the welcome; nothing after a connection-level error.
struct OutboundTranscript {
    let maxFrame: Int
    private var bytes: [UInt8] = []
    private var offset = 0
    private(set) var welcomed = false
    private var frameCount = 0
    private var closedByError = false

    init(maxFrame: Int) {
        self.maxFrame = maxFrame
    }

    mutating func append(_ written: [UInt8]) {
        bytes += written
        while bytes.count - offset >= FrameLengthGuard.lengthFieldSize {
            let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            FuzzInvariant.check((1...maxFrame).contains(length), "the server wrote a frame of \(length) bytes")
            guard bytes.count - offset - 4 >= length else { return }
            let body = Array(bytes[(offset + 4)..<(offset + 4 + length)])
            offset += 4 + length
            check(body)
        }
    }

    /// Called once the connection is gone: no partial frame may be left.
    func verify() {
        FuzzInvariant.check(offset == bytes.count, "the server left a partial frame (\(bytes.count - offset) bytes)")
    }

    private mutating func check(_ body: [UInt8]) {
        let text = String(decoding: body, as: UTF8.self)
        FuzzInvariant.check(!closedByError, "the server wrote after a connection-level error: \(text)")
        let frame: ParsedFrame
        do {
            frame = try ParsedFrame(ByteBuffer(bytes: body))
        } catch {
            preconditionFailure("fuzz invariant violated: the server wrote a frame that is not a JSON object (\(error)): \(text)")
        }
        defer { frameCount += 1 }
        if frame.string(frame.type) == "welcome" {
            FuzzInvariant.check(frameCount == 0, "the welcome is not the first frame: \(text)")
            FuzzInvariant.check(Welcome(frame) != nil, "an unreadable welcome: \(text)")
            welcomed = true
            return
        }
        if frame.result != nil {
            FuzzInvariant.check(welcomed, "a result before the handshake: \(text)")
            FuzzInvariant.check(RequestHeader.id(of: frame) != nil, "a result without an id: \(text)")
            return
        }
        guard let error = frame.error, error.kind == .object else {
            preconditionFailure("fuzz invariant violated: a frame that is neither welcome, result nor error: \(text)")
        }
        guard let id = frame.id, id.kind != .null else {
            closedByError = true  // id null: a connection-level error, the last frame
            return
        }
        FuzzInvariant.check(RequestHeader.id(of: frame) != nil, "an error answering a malformed id: \(text)")
    }
}
