import Foundation
import TillProcess
import TillTestSupport
import Testing

/// `till-load --tls-ca` against a real `till-orchestrator` serving TLS: a stack with TLS on can
/// still be load-tested. About 4 s.
@Suite("till-load over TLS", .serialized)
struct TillLoadTLSTests {
    @Test(.timeLimit(.minutes(2)))
    func pingRunOverTLS() async throws {
        let pki = try TestPKI.make()
        defer { pki.remove() }
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let orchestrator = try await ServiceProcess.start("till-orchestrator", redis: redis, environment: [
            "TILL_TLS_CERT": pki.certificatePath, "TILL_TLS_KEY": pki.keyPath,
        ])
        defer { orchestrator.kill() }

        let out = pki.path("results.json")
        let log = pki.path("till-load.log")
        let process = try SpawnedProcess(
            executable: try Executables.locateProduct("till-load").path,
            arguments: [
                "--method", "ping", "--rate", "100", "--duration", "1s", "--deadline", "3s",
                "--orchestrator", "127.0.0.1:\(orchestrator.port)", "--stack-env", pki.path("none.env"),
                "--tls-ca", pki.caPath, "--out", out,
            ],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TILL_CLUSTER_KEY": ServiceProcess.testClusterKey],
            output: log
        )
        let status = try await process.waitForExit(timeout: .seconds(60))
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(output)")
        let data = try #require(FileManager.default.contents(atPath: out), "no results: \(output)")
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(results["succeeded"] as? Int == 100, "\(output)")
        #expect(results["failed"] as? Int == 0, "\(results["errors"] ?? "")")
    }

    @Test func anUnreadableCAIsRefusedInOneLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("till-load-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing-ca.pem").path
        let log = folder.appendingPathComponent("till-load.log").path
        let process = try SpawnedProcess(
            executable: try Executables.locateProduct("till-load").path,
            arguments: ["--method", "ping", "--orchestrator", "127.0.0.1:1", "--stack-env", folder.appendingPathComponent("none.env").path, "--tls-ca", missing],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TILL_CLUSTER_KEY": ServiceProcess.testClusterKey],
            output: log
        )
        let status = try await process.waitForExit(timeout: .seconds(30))
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(status != 0)
        #expect(output.contains("TILL_TLS_CA: cannot read \(missing.debugDescription): no such file"), "\(output)")
    }
}
