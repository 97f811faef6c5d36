import NIOCore

extension RESPValue {
    /// The text of a simple or bulk string (bulk strings decoded as UTF-8), else `nil`.
    public var string: String? {
        switch self {
        case .simpleString(let text): text
        case .bulkString(let buffer?): String(buffer: buffer)
        default: nil
        }
    }

    /// An integer reply, or a simple/bulk string holding a decimal integer (what `GET` returns
    /// for a counter), else `nil`.
    public var int: Int? {
        int64.flatMap { Int(exactly: $0) }
    }

    /// Like ``int`` but as `Int64`, Redis' own integer width.
    public var int64: Int64? {
        switch self {
        case .integer(let value): value
        case .simpleString(let text): Int64(text)
        case .bulkString(let buffer?): Int64(String(buffer: buffer))
        default: nil
        }
    }

    /// Whether this is the null bulk string or the null array.
    public var isNull: Bool {
        switch self {
        case .bulkString(nil), .array(nil): true
        default: false
        }
    }

    /// The elements of a (non-null) array reply, else `nil`.
    public var array: [RESPValue]? {
        if case .array(let elements?) = self { return elements }
        return nil
    }

    /// The bytes of a bulk string, or of a simple string, else `nil`.
    public var buffer: ByteBuffer? {
        switch self {
        case .bulkString(let buffer?): buffer
        case .simpleString(let text): ByteBuffer(string: text)
        default: nil
        }
    }

    /// The bytes of a bulk or simple string as an array, else `nil`.
    public var bytes: [UInt8]? {
        buffer.map { Array($0.readableBytesView) }
    }

    /// The text of an error reply, else `nil`.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }
}

extension RESPValue: CustomDebugStringConvertible {
    /// A `redis-cli`-like rendering for tests and debugging. Bulk strings are shown in full:
    /// do not log replies that may hold secrets.
    public var debugDescription: String {
        switch self {
        case .simpleString(let text): "+\(text)"
        case .bulkString(nil): "(nil)"
        case .bulkString(let buffer?): "\"\(String(buffer: buffer))\""
        case .integer(let value): "(integer) \(value)"
        case .array(nil): "(nil array)"
        case .array(let elements?): "[" + elements.map(\.debugDescription).joined(separator: ", ") + "]"
        case .error(let message): "-\(message)"
        }
    }
}
