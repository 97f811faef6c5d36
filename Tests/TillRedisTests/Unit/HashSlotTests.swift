import Testing
@testable import TillRedis

/// Hash slots against the answers of a real `redis-server` (7.0) to `CLUSTER KEYSLOT`.
@Suite struct HashSlotTests {
    @Test(arguments: [
        ("foo", 12182), ("bar", 5061), ("somekey", 11058), ("hello", 866), ("123456789", 12739),
        ("{user1000}.following", 3443), ("{user1000}.followers", 3443),
        // Only the first {…} counts, and only when it is not empty.
        ("foo{}{bar}", 8363), ("foo{{bar}}zap", 4015), ("foo{bar}{zap}", 5061),
        ("{", 4092), ("", 0), ("a{b", 13340), ("till:{ord_1}:state", 11360),
    ] as [(String, UInt16)])
    func matchesClusterKeyslot(key: String, slot: UInt16) {
        #expect(HashSlot.of(key) == slot)
    }

    @Test func crc16IsXmodem() {
        // The CRC-16/XMODEM check value.
        var input = "123456789"
        #expect(input.withUTF8 { HashSlot.crc16(UnsafeRawBufferPointer($0)) } == 0x31C3)
    }

    @Test func commandsKnowTheSlotOfTheirKeys() {
        #expect(RedisCommand("GET", ["foo"]).keySlot == .slot(12182))
        #expect(RedisCommand("set", ["{user1000}.x", "v", "EX", 5]).keySlot == .slot(3443))
        #expect(RedisCommand("PING", []).keySlot == RedisKeySlot.none)
        #expect(RedisCommand("PUBLISH", ["till.events", "x"]).keySlot == RedisKeySlot.none)
        #expect(RedisCommand("SCRIPT", ["LOAD", "return 1"]).keySlot == RedisKeySlot.none)
        #expect(RedisCommand("DEL", ["{a}1", "{a}2"]).keySlot == .slot(HashSlot.of("a")))
        #expect(RedisCommand("DEL", ["foo", "bar"]).keySlot == .crossSlot)
        #expect(RedisCommand("MGET", ["foo", "bar"]).keySlot == .crossSlot)
        // MSET: keys are every other argument; the values would hash elsewhere.
        #expect(RedisCommand("MSET", ["{a}1", "foo", "{a}2", "bar"]).keySlot == .slot(HashSlot.of("a")))
        // BLPOP: the timeout is not a key.
        #expect(RedisCommand("BLPOP", ["foo", 5]).keySlot == .slot(12182))
        // EVALSHA: numkeys says how many keys follow; arguments after them are not keys.
        #expect(RedisCommand("EVALSHA", ["abc", 2, "{o}a", "{o}b", "foo"]).keySlot == .slot(HashSlot.of("o")))
        #expect(RedisCommand("EVALSHA", ["abc", 2, "foo", "bar"]).keySlot == .crossSlot)
        #expect(RedisCommand("EVALSHA", ["abc", 0, "foo"]).keySlot == RedisKeySlot.none)
    }
}
