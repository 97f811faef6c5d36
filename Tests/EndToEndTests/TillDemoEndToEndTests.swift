import Foundation
import Testing
import TillTestSupport

@testable import TillCLI

/// `till up --detach`, `till demo`, `till down` as the README's main job runs them, against the
/// real services and the gateway simulator.
@Suite("till demo end to end", .serialized)
struct TillDemoEndToEndTests {
    @Test(
        .enabled(if: TillUpEndToEndTests.servicesAreReal, "the service executables are still stubs"),
        .enabled(if: Executables.productExists("till-gateway-sim"), "the demo needs till-gateway-sim"),
        .timeLimit(.minutes(6))
    )
    func theDemoPassesAgainstADetachedStackThatThenStopsCompletely() async throws {
        let folder = try TemporaryFolder("till-demo")
        defer { folder.remove() }
        let directory = folder.url.appendingPathComponent(".till").path
        let layout = StackLayout(directory: directory)

        let up = try await TillProgram.run(["up", "--detach", "--dir", directory, "--readiness-timeout", "90"], timeout: .seconds(240))
        defer { layout.killLeftovers() }
        try #require(up.status == 0, "till up failed: \(up)")

        let attributes = try FileManager.default.attributesOfItem(atPath: layout.environmentFile.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let env = try StackEnvFile.read(from: layout.environmentFile)
        #expect(env.entries.map(\.key) == TillUpEndToEndTests.stackKeys)
        for key in TillUpEndToEndTests.stackKeys {
            #expect(!(env[key] ?? "").isEmpty, "\(key) is empty")
        }
        let record = try #require(try StackRecord.read(from: layout.recordFile))
        #expect(record.processes.allSatisfy { $0.process.isAlive })

        let demo = try await TillProgram.run(["demo", "--dir", directory], timeout: .seconds(240))
        #expect(demo.status == 0, "till demo: \(demo)")
        let lines = demo.stdout.split(separator: "\n")
        #expect(lines.last == "demo: 7/7 scenarios passed", "\(demo)")
        #expect(lines.filter { $0.contains("→ scenario") && $0.hasSuffix("passed") }.count == 7, "\(demo)")
        #expect(!demo.stdout.contains("✗"), "\(demo)")
        let secret = try env.require("TILL_WEBHOOK_SECRETS", in: layout.environmentFile)
        #expect(!demo.stdout.contains(secret) && !demo.stderr.contains(secret), "till demo printed the webhook secret")

        let down = try await TillProgram.run(["down", "--dir", directory], timeout: .seconds(180))
        #expect(down.status == 0, "till down: \(down)")
        for process in record.processes {
            #expect(!process.process.isAlive, "\(process.name) (pid \(process.process.pid)) still running after till down")
        }
        #expect(!FileManager.default.fileExists(atPath: layout.recordFile.path))
        #expect(processes(mentioning: folder.path).isEmpty)
    }

    @Test(.timeLimit(.minutes(1)))
    func aDemoAgainstAStackThatIsNotAnsweringFailsWithOneLine() async throws {
        let folder = try TemporaryFolder("till-demo")
        defer { folder.remove() }
        let port = FreePort.next()
        let demo = try await TillProgram.run(
            ["demo", "--dir", folder.path, "--timeout", "5"],
            environment: [
                "TILL_REDIS_URL": "redis://127.0.0.1:\(port)/0", "TILL_CLUSTER_KEY": String(repeating: "k", count: 64),
                "TILL_ORCHESTRATOR_ADDR": "127.0.0.1:\(port)", "TILL_INVENTORY_ADDR": "127.0.0.1:\(port)", "TILL_PAYMENTS_ADDR": "127.0.0.1:\(port)",
            ]
        )
        #expect(demo.status == 1, "\(demo)")
        #expect(demo.stderr.hasPrefix("till demo: "), "\(demo)")
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("stack.json").path), "the demo started a stack")
    }
}

extension TillDemoEndToEndTests {
    /// The checks are real: with a gateway that answers every request 503, every scenario that
    /// needs the gateway fails, the demo says which and exits 1, and it still stops the stack it
    /// started itself.
    @Test(
        .enabled(if: TillUpEndToEndTests.servicesAreReal, "the service executables are still stubs"),
        .enabled(if: Executables.productExists("till-gateway-sim"), "the demo needs till-gateway-sim"),
        .timeLimit(.minutes(3))
    )
    func aStackThatMisbehavesFailsTheDemoWhichStillStopsTheStackItStarted() async throws {
        let folder = try TemporaryFolder("till-demo")
        defer { folder.remove() }
        let directory = folder.url.appendingPathComponent(".till").path

        let demo = try await TillProgram.run(["demo", "--dir", directory], environment: ["TILL_GATEWAY_ERROR_RATE": "1"], timeout: .seconds(240))
        #expect(demo.status == 1, "\(demo)")
        let lines = demo.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("demo: no stack in ") == true, "\(demo)")
        // Only scenario 4 passes: its fraud block never reaches the gateway.
        #expect(lines.last == "demo: 1/7 scenarios passed", "\(demo)")
        #expect(demo.stdout.contains("→ scenario 4 passed") && demo.stdout.contains("→ scenario 1 FAILED"), "\(demo)")
        #expect(demo.stdout.contains("✗ saga completed (observed: compensated)"), "\(demo)")
        #expect(demo.stdout.contains("till down: stack in \(directory) stopped"), "\(demo)")
        #expect(!FileManager.default.fileExists(atPath: StackLayout(directory: directory).recordFile.path))
        #expect(processes(mentioning: folder.path).isEmpty)
    }
}
