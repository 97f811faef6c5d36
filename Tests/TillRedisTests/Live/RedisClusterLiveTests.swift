import NIOCore
import Synchronization
import Testing
import TillRedis
import TillTestSupport

/// The client against a real local Redis Cluster (three masters, three replicas). One cluster per
/// test, since the tests move slots and kill nodes; each takes 3–10 s.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RedisClusterLiveTests {
    /// Runs `body` with a fresh cluster and a client of it, stopping both afterwards.
    private func withCluster(_ body: (RedisCluster, RedisClient) async throws -> Void) async throws {
        let cluster = try await RedisCluster.start()
        defer { cluster.stop() }
        try await Live.withClient(url: cluster.url) { redis in try await body(cluster, redis) }
    }

    @Test func routesCommandsPipelinesAndScriptsAcrossMasters() async throws {
        try await withCluster { cluster, redis in
            // Keys spread over every master; each is readable back through the client.
            let keys = (0..<60).map { "till:{k\($0)}:value" }
            for (index, key) in keys.enumerated() { try await redis.send("SET", key, index) }
            for (index, key) in keys.enumerated() { #expect(try await redis.send("GET", key).int == index) }
            var perMaster: [Int] = []
            for port in try await cluster.masterPorts() { perMaster.append(Int(try await cluster.cli(port, "DBSIZE")) ?? -1) }
            #expect(perMaster.count == 3 && perMaster.allSatisfy { $0 > 0 } && perMaster.reduce(0, +) == keys.count)

            // One pipeline over all three masters comes back in the order it was sent.
            let replies = try await redis.pipeline(keys.map { RedisCommand("INCR", [$0]) } + [RedisCommand("PING", [])])
            #expect(replies.dropLast().map(\.int) == (1...keys.count).map { Optional($0) })
            #expect(replies.last?.string == "PONG")

            // Scripts load per node on first use (NOSCRIPT → SCRIPT LOAD there).
            let script = RedisScript("return redis.call('GET', KEYS[1])")
            for (index, key) in keys.enumerated().prefix(12) {
                #expect(try await redis.evaluate(script, keys: [key]).int == index + 1)
            }

            // Multi-key commands must stay in one slot: a hash tag does it, else a clear error.
            try await redis.send("MSET", "{order}a", "1", "{order}b", "2")
            #expect(try await redis.send("MGET", "{order}a", "{order}b").array?.compactMap(\.int) == [1, 2])
            let crossSlot = await #expect(throws: RedisError.self) { try await redis.send("DEL", "foo", "bar") }
            #expect(crossSlot?.serverErrorPrefix == "CROSSSLOT")
            let mixed = try await redis.pipeline([RedisCommand("GET", ["foo"]), RedisCommand("MGET", ["foo", "bar"])])
            #expect(mixed[0] == .null && mixed[1].errorMessage?.hasPrefix("CROSSSLOT") == true)
        }
    }

    @Test func followsMovedAndAskWhileASlotMigrates() async throws {
        try await withCluster { cluster, redis in
            let key = "till:{migrating}:state"
            let slot = HashSlot.of(key)
            try await redis.send("SET", key, "before")
            let masters = try await cluster.masterPorts()
            var owner = 0
            for port in masters {
                if try await cluster.cli(port, "CLUSTER", "COUNTKEYSINSLOT", String(slot)) == "1" { owner = port }
            }
            let target = try #require(masters.first { $0 != owner && owner != 0 })
            let ownerID = try await cluster.cli(owner, "CLUSTER", "MYID")
            let targetID = try await cluster.cli(target, "CLUSTER", "MYID")

            // Mid-migration the key has moved but the slot has not: the owner answers ASK.
            try await cluster.cli(target, "CLUSTER", "SETSLOT", String(slot), "IMPORTING", ownerID)
            try await cluster.cli(owner, "CLUSTER", "SETSLOT", String(slot), "MIGRATING", targetID)
            try await cluster.cli(owner, "MIGRATE", "127.0.0.1", String(target), "", "0", "5000", "KEYS", key)
            #expect(try await redis.send("GET", key).string == "before")
            try await redis.send("SET", key, "during")

            // Migration done: the old owner answers MOVED, the client follows and learns the map.
            for port in masters { try await cluster.cli(port, "CLUSTER", "SETSLOT", String(slot), "NODE", targetID) }
            #expect(try await redis.send("GET", key).string == "during")
            let pipelined = try await redis.pipeline([RedisCommand("SET", [key, "after"]), RedisCommand("GET", [key])])
            #expect(pipelined[1].string == "after")
            #expect(try await cluster.cli(target, "GET", key) == "after")
        }
    }

    @Test func followsAFailoverAndKeepsSubscriptions() async throws {
        try await withCluster { cluster, redis in
            let channel = "till.cluster.test"
            let subscription = try await redis.subscribe([channel])
            let delivered = Flag()
            let reader = Task {
                for await message in subscription where message.string == "after-failover" {
                    delivered.set()
                    return
                }
            }
            defer { reader.cancel() }
            let key = "till:{failover}:n"
            try await redis.send("SET", key, 1)

            // Kill every master in turn is too slow; the one holding the key is the one that matters.
            let slot = HashSlot.of(key)
            var owner = 0
            for port in try await cluster.masterPorts() {
                if try await cluster.cli(port, "CLUSTER", "COUNTKEYSINSLOT", String(slot)) == "1" { owner = port }
            }
            try #require(owner != 0)
            // Replication is asynchronous: a write not yet on the replica is lost with its master.
            try await cluster.waitForReplication(master: owner)
            let started = ContinuousClock.now
            try await cluster.kill(port: owner)

            // The client rides out the failover: retries while the cluster is down, then follows the new map.
            let value = try await Live.eventually(timeout: .seconds(20)) { try await redis.send("INCR", key).int }
            #expect(value == 2)
            #expect(ContinuousClock.now - started < .seconds(20))
            #expect(try await !cluster.masterPorts().contains(owner))

            // Subscriptions still deliver (moving to another node if theirs was the one killed).
            try await Live.eventually(timeout: .seconds(10)) {
                _ = try await redis.publish(channel, "after-failover")
                try await Task.sleep(for: .milliseconds(100))
                guard delivered.isSet else { throw NotYet("no message yet") }
            }
        }
    }
}

/// A flag one task sets and another polls.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}
