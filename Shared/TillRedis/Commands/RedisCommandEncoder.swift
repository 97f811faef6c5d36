import CHiredis
import NIOCore

/// Encodes commands as RESP arrays of bulk strings with hiredis' `redisFormatCommandArgv`.
enum RedisCommandEncoder {
    /// The RESP bytes of `name` followed by `arguments`, and the hash slot of the keys `keys`
    /// locates among them (hashed from the same scratch bytes, so routing costs no extra copy).
    static func encode(
        _ name: String,
        _ arguments: [any RedisArgumentConvertible],
        keys: RedisKeySpec = .keyless
    ) -> (ByteBuffer, RedisKeySlot) {
        let count = arguments.count + 1
        // All arguments go into one scratch array; `ends[i]` is where argument i stops.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 * count)
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { ends in
            name.appendRedisArgument(to: &bytes)
            ends[0] = bytes.count
            for (index, argument) in arguments.enumerated() {
                argument.appendRedisArgument(to: &bytes)
                ends[index + 1] = bytes.count
            }
            // A trailing byte guarantees a non-nil base address even when every argument is empty.
            bytes.append(0)
            return bytes.withUnsafeBufferPointer { storage in
                let ends = UnsafeBufferPointer(ends)
                return (format(storage, ends: ends), slot(storage, ends: ends, keys: keys))
            }
        }
    }

    /// The slot of the arguments `keys` names; argument `i` is `storage[ends[i-1]..<ends[i]]`.
    private static func slot(_ storage: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>, keys: RedisKeySpec) -> RedisKeySlot {
        func argument(_ index: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(storage)[ends[index - 1]..<ends[index]])
        }
        let positions = keys.keyPositions(argumentCount: ends.count - 1) { index in
            Int(String(decoding: argument(index), as: UTF8.self))
        }
        var found: UInt16?
        for position in positions where keys.isKey(at: position) {
            let slot = HashSlot.of(argument(position))
            if let found, found != slot { return .crossSlot }
            found = slot
        }
        return found.map(RedisKeySlot.slot) ?? .none
    }

    private static func format(_ storage: UnsafeBufferPointer<UInt8>, ends: UnsafeBufferPointer<Int>) -> ByteBuffer {
        let count = ends.count
        return withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: count) { argv in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { lengths in
                let base = UnsafeRawPointer(storage.baseAddress)
                var start = 0
                for index in 0..<count {
                    argv[index] = base.map { ($0 + start).assumingMemoryBound(to: CChar.self) }
                    lengths[index] = ends[index] - start
                    start = ends[index]
                }
                var target: UnsafeMutablePointer<CChar>?
                let length = redisFormatCommandArgv(&target, Int32(count), argv.baseAddress, lengths.baseAddress)
                defer { redisFreeCommand(target) }
                guard length >= 0, let target else {
                    // hiredis fails only when malloc does; Swift traps on allocation failure too.
                    preconditionFailure("hiredis could not allocate a command")
                }
                return ByteBuffer(bytes: UnsafeRawBufferPointer(start: target, count: Int(length)))
            }
        }
    }
}
