import NIOCore

/// One Redis command, encoded once when it is made.
///
/// ```swift
/// let command = RedisCommand("SET", ["till:{ord_1}:state", "pending", "EX", 60])
/// ```
public struct RedisCommand: Sendable {
    /// The command's name as given (`"SET"`, `"EVALSHA"`), for logs and errors. Arguments are
    /// never kept in clear: they may hold secrets.
    public let name: String
    /// The command as RESP bytes, ready to write.
    let encoded: ByteBuffer
    /// The hash slot of the command's keys, for routing on Redis Cluster.
    let keySlot: RedisKeySlot

    /// Encodes `name` followed by `arguments`.
    public init(_ name: String, _ arguments: [any RedisArgumentConvertible]) {
        self.name = name
        (self.encoded, self.keySlot) = RedisCommandEncoder.encode(name, arguments, keys: RedisKeySpec.of(name))
    }

    /// Encodes `name` followed by `arguments`.
    public init(_ name: String, _ arguments: any RedisArgumentConvertible...) {
        self.init(name, arguments)
    }
}
