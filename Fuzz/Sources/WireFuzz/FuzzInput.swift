/// How one fuzz input is read: a flags byte, a chunking byte, then the bytes the peer sends.
///
/// The first two bytes let the fuzzer choose the scenario (authenticated or not, how the stream is
/// cut into reads, which connection events happen) so that one corpus covers every phase of a
/// connection; everything after them is the hostile byte stream.
struct FuzzInput {
    /// Byte 0.
    struct Flags: OptionSet {
        let rawValue: UInt8
        /// The harness completes a correctly signed handshake before sending the stream.
        static let authenticate = Flags(rawValue: 1 << 0)
        /// Authenticate as the per-client key limited to some `fuzz.*` methods, not the cluster key.
        static let limitedClient = Flags(rawValue: 1 << 1)
        /// The stream is a list of frame bodies separated by `0xFF` (never valid in UTF-8 JSON); the
        /// harness writes each one's length prefix, so mutations explore the JSON rather than break
        /// the framing. An empty piece becomes a zero-length frame.
        static let autoFrame = Flags(rawValue: 1 << 2)
        /// Graceful shutdown (`ChannelShouldQuiesceEvent`) halfway through the stream.
        static let quiesce = Flags(rawValue: 1 << 3)
        /// The peer half-closes after the stream.
        static let halfClose = Flags(rawValue: 1 << 4)
        /// Time passes after the stream: the handshake, idle and drain timers fire.
        static let advanceTime = Flags(rawValue: 1 << 5)
    }

    var flags: Flags
    /// `0`: the whole stream in one read; otherwise reads of `1...64` bytes, varied by the position.
    var chunkSeed: UInt8
    /// What the peer sends after the handshake (if any).
    var stream: [UInt8]

    init(_ bytes: [UInt8]) {
        flags = Flags(rawValue: bytes.first ?? 0)
        chunkSeed = bytes.count > 1 ? bytes[1] : 0
        stream = bytes.count > 2 ? Array(bytes[2...]) : []
    }

    /// The stream as the peer writes it, cut into the reads the server sees.
    func reads() -> [[UInt8]] {
        let wire = flags.contains(.autoFrame) ? Self.framed(stream) : stream
        guard chunkSeed != 0 else { return [wire] }
        var reads: [[UInt8]] = []
        var offset = 0
        while offset < wire.count {
            // Vary the size so that length prefixes land across read boundaries in every position.
            let size = Int((chunkSeed &+ UInt8(truncatingIfNeeded: reads.count)) % 64) + 1
            reads.append(Array(wire[offset..<min(offset + size, wire.count)]))
            offset += size
        }
        return reads
    }

    /// The frame bodies of an ``Flags/autoFrame`` stream.
    func frameBodies() -> [[UInt8]] {
        stream.split(separator: 0xFF, omittingEmptySubsequences: false).map(Array.init)
    }

    /// Each `0xFF`-separated piece with its 4-byte big-endian length prefix.
    static func framed(_ stream: [UInt8]) -> [UInt8] {
        var wire: [UInt8] = []
        for piece in stream.split(separator: 0xFF, omittingEmptySubsequences: false) {
            wire += lengthPrefix(piece.count)
            wire += piece
        }
        return wire
    }

    static func lengthPrefix(_ count: Int) -> [UInt8] {
        let length = UInt32(truncatingIfNeeded: count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
    }
}
