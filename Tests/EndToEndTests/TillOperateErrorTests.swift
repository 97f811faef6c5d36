import Foundation
import Testing
import TillTestSupport

/// The one-line errors of the operator commands when the stack is missing or misconfigured.
@Suite(.serialized, .timeLimit(.minutes(3))) struct TillOperateErrorTests {
    @Test func noStackRunning() async throws {
        let folder = try TemporaryFolder("till-nostack")
        defer { folder.remove() }
        let run = try await TillProgram.run(["stock", "get", "mug", "--dir", folder.path])
        #expect(run.status == 1)
        #expect(run.stderr == "till stock get: no stack running: \(folder.path)/stack.env does not exist (start one with: till up --detach, or set TILL_INVENTORY_ADDR)\n", "\(run)")

        // The environment alone is enough (a stack.env is not required).
        let viaEnvironment = try await TillProgram.run(
            ["stock", "get", "mug", "--dir", folder.path],
            environment: ["TILL_INVENTORY_ADDR": "127.0.0.1:\(FreePort.next())", "TILL_CLUSTER_KEY": ServiceProcess.testClusterKey]
        )
        #expect(viaEnvironment.status == 1)
        #expect(viaEnvironment.stderr.hasPrefix("till stock get: inventory at 127.0.0.1:"), "\(viaEnvironment)")
        #expect(viaEnvironment.stderr.contains("is not answering"))
    }

    @Test func stoppedStackMissingSecretAndWrongKey() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let inventory = try await ServiceProcess.start("till-inventory", redis: redis)
        defer { inventory.kill() }

        let stopped = try OperatorStack(redis: redis, variables: ["TILL_INVENTORY_ADDR": "127.0.0.1:\(FreePort.next())"])
        defer { stopped.remove() }
        let refused = try await stopped.till(["stock", "get", "mug"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is not answering"), "\(refused)")
        #expect(refused.stderr.hasSuffix("(is the stack running? see: till status)\n"))
        #expect(refused.stderr.split(separator: "\n").count == 1)

        let keyless = try OperatorStack(redis: redis, variables: ["TILL_INVENTORY_ADDR": "127.0.0.1:\(inventory.port)", "TILL_CLUSTER_KEY": nil])
        defer { keyless.remove() }
        let missing = try await keyless.till(["stock", "get", "mug"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("till stock get: TILL_CLUSTER_KEY missing"), "\(missing)")

        let wrongKey = "another-cluster-key-0123456789"
        let mismatched = try OperatorStack(redis: redis, variables: ["TILL_INVENTORY_ADDR": "127.0.0.1:\(inventory.port)", "TILL_CLUSTER_KEY": wrongKey])
        defer { mismatched.remove() }
        let refusedKey = try await mismatched.till(["stock", "get", "mug"])
        #expect(refusedKey.status == 1)
        #expect(refusedKey.stderr == "till stock get: inventory refused the cluster key (TILL_CLUSTER_KEY does not match the stack's)\n", "\(refusedKey)")
        #expect(!refusedKey.stderr.contains(wrongKey))
    }

    @Test func redisUnreachable() async throws {
        let folder = try TemporaryFolder("till-noredis")
        defer { folder.remove() }
        let port = FreePort.next()
        try Data("TILL_REDIS_URL=redis://:hunter2-secret@127.0.0.1:\(port)/0\n".utf8).write(to: folder.url.appendingPathComponent("stack.env"))
        for arguments in [["fraud", "block", "x@example.com"], ["events"]] {
            let run = try await TillProgram.run(arguments + ["--dir", folder.path])
            #expect(run.status == 1)
            #expect(run.stderr.contains("TILL_REDIS_URL: no Redis answers at redis://***@127.0.0.1:\(port)/0"), "\(run)")
            #expect(!run.stderr.contains("hunter2"))
            #expect(run.stderr.split(separator: "\n").count == 1)
        }
    }
}
