import Foundation
import Testing
import TillProcess
import TillTestSupport

@testable import TillCLI

/// The whole stack (inventory, payments with the gateway simulator, shipping, orchestrator) on a
/// local three-master Redis Cluster, under `till-load`'s realistic mix: every script and
/// multi-key command must stay within one hash slot (Redis answers `CROSSSLOT` otherwise and the
/// checkouts fail), and the audit must pass, also across a `kill -9` of a master mid-load.
/// About 40 s: the cluster ~3 s, `till up` ~10 s, two loads of 5 s and 12 s, `till down`.
@Suite("till-load on a Redis Cluster", .serialized)
struct TillLoadOnRedisClusterTests {
    @Test(.timeLimit(.minutes(4)))
    func theStackPassesItsAuditOnAClusterAndAcrossAFailover() async throws {
        let cluster = try await RedisCluster.start()
        defer { cluster.stop() }
        let folder = try TemporaryFolder("till-load-cluster")
        defer { folder.remove() }
        let directory = folder.url.appendingPathComponent(".till").path
        let layout = StackLayout(directory: directory)

        let up = try await TillProgram.run(
            ["up", "--detach", "--dir", directory, "--readiness-timeout", "90", "--redis-url", cluster.url],
            timeout: .seconds(240)
        )
        defer { layout.killLeftovers() }
        try #require(up.status == 0, "till up failed: \(up)")
        let environment = try String(contentsOf: layout.environmentFile, encoding: .utf8)
        #expect(environment.contains("TILL_REDIS_URL=redis-cluster://"), "the stack does not use the cluster")

        // 1. Steady state: no CROSSSLOT, no failure, the audit passes.
        let steady = try await Self.runLoad(
            ["--stack-env", layout.environmentFile.path, "--duration", "5s", "--concurrency", "8",
             "--skus", "20", "--mix", "realistic", "--out", folder.url.appendingPathComponent("steady.json").path],
            in: folder.url, log: "steady.log"
        )
        #expect(steady.status == 0, "till-load: \(steady)")
        #expect(steady.output.contains("audit: passed"), "\(steady)")
        #expect(!steady.output.contains("CROSSSLOT"), "\(steady)")
        let results = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("steady.json"))) as? [String: Any]
        )
        #expect((results["succeeded"] as? Int ?? 0) > 0, "no checkout succeeded on the cluster")
        #expect(results["failed"] as? Int == 0, "\(results["errors"] ?? "")")

        // 2. kill -9 of a master 4 s into a 12 s load: its replica takes over, the services follow
        // the new slot map, and whatever was in flight is compensated or completed: the audit passes.
        async let failover = Self.runLoad(
            ["--stack-env", layout.environmentFile.path, "--duration", "12s", "--concurrency", "8",
             "--skus", "20", "--mix", "realistic", "--out", folder.url.appendingPathComponent("failover.json").path],
            in: folder.url, log: "failover.log"
        )
        try await Task.sleep(for: .seconds(4))
        let victim = try #require(try await cluster.masterPorts().first)
        try await cluster.kill(port: victim)
        let load = try await failover
        #expect(load.status == 0, "till-load across the failover: \(load)")
        #expect(load.output.contains("audit: passed"), "\(load)")
        #expect(!load.output.contains("CROSSSLOT"), "\(load)")
        try await cluster.waitUntilHealthy(timeout: .seconds(10), replicas: false)
        #expect(try await !cluster.masterPorts().contains(victim), "no replica took over from \(victim)")

        let down = try await TillProgram.run(["down", "--dir", directory], timeout: .seconds(180))
        #expect(down.status == 0, "till down: \(down)")
    }

    /// Runs the built `till-load` with output in `log`, the test's `TILL_*` variables removed so
    /// it reads only the stack's env file.
    private static func runLoad(_ arguments: [String], in folder: URL, log name: String) async throws -> (status: Int32?, output: String) {
        let log = folder.appendingPathComponent(name)
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TILL_") }
        let process = try SpawnedProcess(
            executable: try Executables.locateProduct("till-load").path, arguments: arguments, environment: environment, output: log.path
        )
        let status = try await process.waitForExit(timeout: .seconds(150))
        if status == nil { process.signal(SIGKILL) }
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}
