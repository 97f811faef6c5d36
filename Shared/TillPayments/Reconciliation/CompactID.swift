/// An identifier of 1–64 printable ASCII bytes stored inline, without a heap allocation.
///
/// Reconciliation holds millions of records; a `String` longer than 15 bytes would allocate per
/// record. The bytes are packed big-endian into eight words, zero-padded, so comparing words in
/// order is comparing the identifiers' bytes lexicographically (the order a sorted report uses).
public struct CompactID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The longest identifier in bytes (payment ids are at most 64 characters, `API.md`).
    public static let maximumLength = 64

    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var length: UInt8 = 0

    /// `text` as a compact id, or `nil` if it is empty, longer than 64 bytes, or has a byte outside
    /// printable ASCII (`!`…`~`).
    public init?(_ text: some StringProtocol) {
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= Self.maximumLength else { return nil }
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var index = 0
        let valid = withUnsafeMutableBytes(of: &buffer) { raw -> Bool in
            let words = raw.bindMemory(to: UInt64.self)
            for byte in utf8 {
                guard byte > 0x20, byte < 0x7F else { return false }
                words[index >> 3] |= UInt64(byte) << UInt64(56 - (index & 7) * 8)
                index += 1
            }
            return true
        }
        guard valid else { return nil }
        words = buffer
        length = UInt8(index)
    }

    /// The identifier's text.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(length))
        withUnsafeBytes(of: words) { raw in
            let words = raw.bindMemory(to: UInt64.self)
            for index in 0..<Int(length) {
                bytes.append(UInt8(truncatingIfNeeded: words[index >> 3] >> UInt64(56 - (index & 7) * 8)))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func == (lhs: CompactID, rhs: CompactID) -> Bool {
        lhs.length == rhs.length && lhs.words.0 == rhs.words.0 && lhs.words.1 == rhs.words.1
            && lhs.words.2 == rhs.words.2 && lhs.words.3 == rhs.words.3 && lhs.words.4 == rhs.words.4
            && lhs.words.5 == rhs.words.5 && lhs.words.6 == rhs.words.6 && lhs.words.7 == rhs.words.7
    }

    public static func < (lhs: CompactID, rhs: CompactID) -> Bool {
        // Zero padding sorts before every printable byte, so a prefix sorts first, as in byte order.
        if lhs.words.0 != rhs.words.0 { return lhs.words.0 < rhs.words.0 }
        if lhs.words.1 != rhs.words.1 { return lhs.words.1 < rhs.words.1 }
        if lhs.words.2 != rhs.words.2 { return lhs.words.2 < rhs.words.2 }
        if lhs.words.3 != rhs.words.3 { return lhs.words.3 < rhs.words.3 }
        if lhs.words.4 != rhs.words.4 { return lhs.words.4 < rhs.words.4 }
        if lhs.words.5 != rhs.words.5 { return lhs.words.5 < rhs.words.5 }
        if lhs.words.6 != rhs.words.6 { return lhs.words.6 < rhs.words.6 }
        return lhs.words.7 < rhs.words.7
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes(of: words) { hasher.combine(bytes: $0) }
    }
}

extension CompactID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let id = CompactID(try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an id of 1-64 printable ASCII bytes")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
