import NIOCore

/// A value that can be sent to Redis as one command argument (a RESP bulk string).
///
/// Conformances: `String`, `Substring`, `Int`, `Int64`, `UInt64`, `[UInt8]` and `ByteBuffer`.
/// Integers are sent as their decimal text, as Redis expects. There is deliberately no `Double`:
/// Till sends money as integer minor units.
public protocol RedisArgumentConvertible: Sendable {
    /// Appends the argument's bytes, exactly as Redis should receive them.
    func appendRedisArgument(to bytes: inout [UInt8])
}

extension String: RedisArgumentConvertible {
    /// Appends the value's bytes (integers as decimal text).
    public func appendRedisArgument(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: utf8)
    }
}

extension Substring: RedisArgumentConvertible {
    /// Appends the value's bytes (integers as decimal text).
    public func appendRedisArgument(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: utf8)
    }
}

extension Int: RedisArgumentConvertible {
    /// Appends the value's bytes (integers as decimal text).
    public func appendRedisArgument(to bytes: inout [UInt8]) {
        Int64(self).appendRedisArgument(to: &bytes)
    }
}

extension Int64: RedisArgumentConvertible {
    /// Appends the value's bytes (integers as decimal text).
    public func appendRedisArgument(to bytes: inout [UInt8]) {
        if self < 0 { bytes.append(UInt8(ascii: "-")) }
        magnitude.appendRedisArgument(to: &bytes)
    }
}

extension UInt64: RedisArgumentConvertible {
    /// Appends the value's bytes (integers as decimal text).
    public func appendRedisArgument(to bytes: inout [UInt8]) {
        // Decimal digits without an intermediate `String`: this runs for every integer argument.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var value = self
            var index = scratch.count
            repeat {
                index -= 1
                scratch[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            } while value > 0
            bytes.append(contentsOf: scratch[index...])
        }
    }
}

extension Array: RedisArgumentConvertible where Element == UInt8 {
    /// Appends the value's bytes (integers as decimal text).
    public func appendRedisArgument(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: self)
    }
}

extension ByteBuffer: RedisArgumentConvertible {
    /// Appends the value's bytes (integers as decimal text).
    public func appendRedisArgument(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: readableBytesView)
    }
}
