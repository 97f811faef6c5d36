import Foundation
import Testing
import TillProcess
import TillTestSupport

/// `examples/checkout.py` (the README's client) against a real `till-orchestrator`: the
/// handshake and one call, from another language, with the standard library only.
@Suite("Python client", .enabled(if: Python.executable != nil, "python3 is not installed: the README client is not run"),
       .timeLimit(.minutes(2)))
struct PythonClientTests {
    @Test func handshakesAndCallsTheOrchestrator() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let orchestrator = try await ServiceProcess.start("till-orchestrator", redis: redis)
        defer { orchestrator.kill() }

        let (status, output) = try await Self.run(address: "127.0.0.1:\(orchestrator.port)", method: "orchestrator.ping", key: ServiceProcess.testClusterKey)
        #expect(status == 0, "\(output)")
        let response = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        #expect(response?["id"] as? Int == 1)
        let result = try #require(response?["result"] as? [String: Any], "\(output)")
        #expect(result["service"] as? String == "orchestrator")
    }

    @Test func aWrongKeyIsRefusedAtTheHandshake() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let orchestrator = try await ServiceProcess.start("till-orchestrator", redis: redis)
        defer { orchestrator.kill() }

        let (status, output) = try await Self.run(address: "127.0.0.1:\(orchestrator.port)", method: "orchestrator.ping", key: "not-the-cluster-key-0123456789")
        #expect(status != 0)
        #expect(output.contains("unauthenticated"), "\(output)")
    }

    /// Runs the script; returns its exit status and what it printed.
    static func run(address: String, method: String, key: String) async throws -> (Int32?, String) {
        let python = try #require(Python.executable)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("checkout-py-\(UUID().uuidString.prefix(8)).txt")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = try SpawnedProcess(
            executable: python.path,
            arguments: [Repository.file("examples/checkout.py").path, address, method],
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "TILL_CLUSTER_KEY": key],
            output: output.path
        )
        let status = try await process.waitForExit(timeout: .seconds(60))
        return (status, try String(contentsOf: output, encoding: .utf8))
    }
}

/// `python3` on `PATH`, if installed (CI images may not have it).
enum Python {
    static let executable = try? ExecutableLocator.current(environment: ProcessInfo.processInfo.environment)
        .system("python3", hint: "apt-get install python3")
}
