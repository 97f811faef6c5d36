import NIOCore
import Testing
@testable import TillRedis

@Suite struct ClusterSlotMapTests {
    static let seed = RedisNodeAddress(host: "10.0.0.9", port: 7000)

    static func node(_ host: String, _ port: Int) -> RESPValue {
        .array([.bulkString(ByteBuffer(string: host)), .integer(Int64(port)), .bulkString(ByteBuffer(string: "id"))])
    }

    /// Three masters with a replica each, as `CLUSTER SLOTS` lists them.
    static let reply = RESPValue.array([
        .array([.integer(0), .integer(5460), node("127.0.0.1", 7000), node("127.0.0.1", 7003)]),
        .array([.integer(5461), .integer(10922), node("127.0.0.1", 7001), node("127.0.0.1", 7004)]),
        .array([.integer(10923), .integer(16383), node("", 7002), node("127.0.0.1", 7005)]),
    ])

    @Test func parsesMastersReplicasAndRanges() throws {
        let map = try ClusterSlotMap(clusterSlots: Self.reply, source: Self.seed)
        #expect(map.masters.map(\.port) == [7000, 7001, 7002])
        #expect(map.nodes.count == 6)
        #expect(map.coversAllSlots)
        #expect(map.master(for: 0)?.port == 7000)
        #expect(map.master(for: 5460)?.port == 7000)
        #expect(map.master(for: 5461)?.port == 7001)
        #expect(map.master(for: 16383)?.port == 7002)
        // A node listed without an address is reached where the answer came from.
        #expect(map.master(for: 16383)?.host == "10.0.0.9")
    }

    @Test func movedPatchesOneSlot() throws {
        var map = try ClusterSlotMap(clusterSlots: Self.reply, source: Self.seed)
        let target = RedisNodeAddress(host: "127.0.0.1", port: 7001)
        map.move(slot: 42, to: target)
        #expect(map.master(for: 42) == target)
        #expect(map.master(for: 41)?.port == 7000)
        map.move(slot: 43, to: RedisNodeAddress(host: "127.0.0.1", port: 7010))
        #expect(map.masters.count == 4)
    }

    @Test func unservedSlotsHaveNoMaster() throws {
        let partial = RESPValue.array([.array([.integer(0), .integer(99), Self.node("a", 1)])])
        let map = try ClusterSlotMap(clusterSlots: partial, source: Self.seed)
        #expect(map.master(for: 100) == nil)
        #expect(!map.coversAllSlots)
    }

    @Test(arguments: [
        RESPValue.simpleString("OK"),
        .array([.array([.integer(0), .integer(16384), ClusterSlotMapTests.node("a", 1)])]),
        .array([.array([.integer(5), .integer(4), ClusterSlotMapTests.node("a", 1)])]),
        .array([.array([.integer(0), .integer(1)])]),
        .array([.array([.integer(0), .integer(1), .array([.bulkString(ByteBuffer(string: "a")), .integer(0)])])]),
    ])
    func rejectsMalformedReplies(reply: RESPValue) {
        #expect(throws: RedisError.self) { try ClusterSlotMap(clusterSlots: reply, source: Self.seed) }
    }

    @Test func redirectsAreParsed() {
        let source = RedisNodeAddress(host: "10.0.0.1", port: 7000)
        #expect(ClusterRedirect(errorReply: "MOVED 3999 127.0.0.1:6381", source: source)
            == .moved(slot: 3999, to: RedisNodeAddress(host: "127.0.0.1", port: 6381)))
        #expect(ClusterRedirect(errorReply: "ASK 3999 127.0.0.1:6381", source: source)
            == .ask(slot: 3999, to: RedisNodeAddress(host: "127.0.0.1", port: 6381)))
        #expect(ClusterRedirect(errorReply: "MOVED 12 :6380", source: source)
            == .moved(slot: 12, to: RedisNodeAddress(host: "10.0.0.1", port: 6380)))
        #expect(ClusterRedirect(errorReply: "MOVED 12 ::1:6380", source: source)
            == .moved(slot: 12, to: RedisNodeAddress(host: "::1", port: 6380)))
        #expect(ClusterRedirect(errorReply: "TRYAGAIN Multiple keys request during rehashing of slot", source: source) == .retryLater)
        #expect(ClusterRedirect(errorReply: "CLUSTERDOWN The cluster is down", source: source) == .retryLater)
        #expect(ClusterRedirect(errorReply: "MOVED 99999 h:1", source: source) == nil)
        #expect(ClusterRedirect(errorReply: "MOVEDX 1 h:1", source: source) == nil)
        #expect(ClusterRedirect(errorReply: "ERR wrong number of arguments", source: source) == nil)
        #expect(ClusterRedirect(errorReply: "CROSSSLOT Keys in request don't hash to the same slot", source: source) == nil)
    }

    @Test func retryBudgetBacksOffAndEnds() {
        let budget = ClusterRetryBudget(maxRedirects: 5, maxWait: .milliseconds(500), firstDelay: .milliseconds(20), maxDelay: .milliseconds(100))
        #expect(budget.delay(retry: 0, waited: .zero) == .milliseconds(20))
        #expect(budget.delay(retry: 1, waited: .milliseconds(20)) == .milliseconds(40))
        #expect(budget.delay(retry: 5, waited: .milliseconds(200)) == .milliseconds(100))
        #expect(budget.delay(retry: 9, waited: .milliseconds(450)) == nil)
    }
}
