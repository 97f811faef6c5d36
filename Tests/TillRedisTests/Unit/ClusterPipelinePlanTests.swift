import NIOCore
import Testing
@testable import TillRedis

@Suite struct ClusterPipelinePlanTests {
    let map = try! ClusterSlotMap(clusterSlots: ClusterSlotMapTests.reply, source: ClusterSlotMapTests.seed)
    let a = RedisNodeAddress(host: "127.0.0.1", port: 7000)
    let b = RedisNodeAddress(host: "127.0.0.1", port: 7001)
    /// Listed without an address in the fixture: reached where the answer came from.
    let c = RedisNodeAddress(host: "10.0.0.9", port: 7002)

    @Test func groupsPerNodeKeepingOrder() {
        // foo → 12182 (c), bar → 5061 (a), hello → 866 (a), somekey → 11058 (c)
        let slots = ["foo", "bar", "hello", "somekey"].map { RedisCommand("GET", [$0]).keySlot }
        let plan = ClusterPipelinePlan(slots, map: map, keylessNode: b)
        #expect(plan.groups.map(\.endpoint) == [c, a])
        #expect(plan.groups.map(\.indices) == [[0, 3], [1, 2]])
        #expect(plan.crossSlot.isEmpty && plan.unrouted.isEmpty)
    }

    @Test func keylessCommandsGoWithTheirNeighbour() {
        let slots: [RedisKeySlot] = [
            RedisCommand("SCRIPT", ["LOAD", "return 1"]).keySlot, RedisCommand("EVALSHA", ["x", 1, "foo"]).keySlot,
            RedisCommand("GET", ["bar"]).keySlot, RedisCommand("PING", []).keySlot,
        ]
        let plan = ClusterPipelinePlan(slots, map: map, keylessNode: b)
        #expect(plan.groups.map(\.endpoint) == [c, a])
        #expect(plan.groups.map(\.indices) == [[0, 1], [2, 3]])
    }

    @Test func keylessOnlyGoesToTheGivenNode() {
        let plan = ClusterPipelinePlan([RedisKeySlot.none, .none], map: map, keylessNode: b)
        #expect(plan.groups.map(\.endpoint) == [b])
        #expect(plan.groups.map(\.indices) == [[0, 1]])
    }

    @Test func crossSlotAndUnservedSlotsAreSetAside() {
        let partial = try! ClusterSlotMap(
            clusterSlots: .array([.array([.integer(0), .integer(8000), ClusterSlotMapTests.node("127.0.0.1", 7000)])]),
            source: a
        )
        let slots: [RedisKeySlot] = [RedisCommand("DEL", ["foo", "bar"]).keySlot, .slot(12182), .slot(5061)]
        let plan = ClusterPipelinePlan(slots, map: partial, keylessNode: a)
        #expect(plan.crossSlot == [0])
        #expect(plan.unrouted == [1])
        #expect(plan.groups.map(\.indices) == [[2]])
    }
}
