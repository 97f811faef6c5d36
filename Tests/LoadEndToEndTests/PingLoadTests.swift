import Foundation
import Testing
import TillLoad
import TillTestSupport

/// `till-load --method ping` against a real `till-orchestrator`: the client end to end (flags,
/// handshake, open loop, progress, JSON and HTML) without needing the saga services.
@Suite("till-load against a real orchestrator", .serialized)
struct PingLoadTests {
    @Test(.timeLimit(.minutes(3)))
    func pingRunWritesResultsAndReport() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let orchestrator = try await ServiceProcess.start("till-orchestrator", redis: redis)
        defer { orchestrator.kill() }
        let folder = try ScratchFolder()
        defer { folder.remove() }

        let run = try await TillLoadProgram.run(
            ["--method", "ping", "--rate", "200", "--duration", "2s", "--warmup", "500ms",
             "--orchestrator", "127.0.0.1:\(orchestrator.port)", "--stack-env", folder.path("missing.env"),
             "--out", folder.path("results.json")],
            environment: ["TILL_CLUSTER_KEY": ServiceProcess.testClusterKey]
        )
        #expect(run.status == 0, "\(run)")
        #expect(run.output.contains("latency"), "\(run)")

        let data = try Data(contentsOf: URL(fileURLWithPath: folder.path("results.json")))
        let results = try JSONDecoder().decode(LoadResults.self, from: data)
        #expect(results.method == "orchestrator.ping")
        #expect(results.sent == 400)
        #expect(results.failed == 0, "\(results.errors)")
        #expect(results.succeeded == 400)
        #expect(results.outcomes == ["ok": 400])
        #expect(results.offeredRate == 200)
        #expect(results.latency.count == 400)
        let html = try String(contentsOfFile: folder.path("results.html"), encoding: .utf8)
        #expect(html.contains("<svg"))
        #expect(html.contains("orchestrator.ping"))
    }

    @Test("a run against an address nobody listens on still ends by itself, with the failures counted", .timeLimit(.minutes(2)))
    func deadTargetIsBounded() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let run = try await TillLoadProgram.run(
            ["--method", "ping", "--rate", "50", "--duration", "1s", "--deadline", "2s",
             "--orchestrator", "127.0.0.1:\(FreePort.next())", "--stack-env", folder.path("missing.env"),
             "--out", folder.path("dead.json")],
            environment: ["TILL_CLUSTER_KEY": ServiceProcess.testClusterKey]
        )
        #expect(run.status == 0, "\(run)")
        let results = try JSONDecoder().decode(LoadResults.self, from: Data(contentsOf: URL(fileURLWithPath: folder.path("dead.json"))))
        #expect(results.sent == 50)
        #expect(results.failed == 50)
        #expect(results.succeeded == 0)
    }

    @Test("missing settings are refused with one line naming the variable")
    func missingSettings() async throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let run = try await TillLoadProgram.run(["--method", "ping", "--stack-env", folder.path("missing.env")])
        #expect(run.status != 0)
        #expect(run.output.contains("TILL_CLUSTER_KEY"), "\(run)")
    }
}
