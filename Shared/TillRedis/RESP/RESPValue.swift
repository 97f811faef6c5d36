import NIOCore

/// One RESP2 reply from Redis.
///
/// Error replies are values too (``error(_:)``): ``RedisClient/send(_:)`` turns them into a thrown
/// ``RedisError``, while ``RedisClient/pipeline(_:)`` returns them in place so one failing
/// command does not hide the replies of the others.
public enum RESPValue: Sendable, Hashable {
    /// A status reply such as `+OK` or `+PONG`.
    case simpleString(String)
    /// A bulk string; `nil` is the null bulk string (`$-1`, e.g. `GET` of a missing key).
    case bulkString(ByteBuffer?)
    /// An integer reply.
    case integer(Int64)
    /// An array reply; `nil` is the null array (`*-1`, e.g. an aborted `EXEC`).
    case array([RESPValue]?)
    /// An error reply, without its leading `-` (e.g. `ERR unknown command`).
    case error(String)

    /// The null bulk string, Redis' usual "no value".
    public static let null = RESPValue.bulkString(nil)
}
