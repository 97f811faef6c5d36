import Foundation
import Testing
import TillTestSupport

@testable import TillCLI

/// `till up`, `till status` and `till down` as an operator runs them, against the real services.
///
/// Skipped (with the reason printed) only while the service executables are still the stubs that
/// print and exit; the failure paths in ``TillUpFailureTests`` run either way.
@Suite("till up end to end", .serialized)
struct TillUpEndToEndTests {
    /// Whether the built services are real: a real one's `--help` lists its settings.
    static let servicesAreReal: Bool = {
        guard let executable = try? Executables.locateProduct("till-inventory") else { return false }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--help"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let real = text.contains("TILL_LISTEN")
        if !real {
            print("till up end to end: skipped, the service executables are still stubs (till-inventory --help does not mention TILL_LISTEN)")
        }
        return real
    }()

    static let stackKeys = [
        "TILL_REDIS_URL", "TILL_CLUSTER_KEY", "TILL_WEBHOOK_SECRETS", "TILL_INVENTORY_ADDR", "TILL_PAYMENTS_ADDR",
        "TILL_SHIPPING_ADDR", "TILL_ORCHESTRATOR_ADDR", "TILL_PAYMENTS_WEBHOOK", "TILL_GATEWAY_URL", "TILL_LOG_DIR",
    ]

    @Test(.enabled(if: servicesAreReal, "the service executables are still stubs"), .timeLimit(.minutes(5)))
    func detachedStackComesUpReportsHealthyAndGoesDownLeavingNothing() async throws {
        let folder = try TemporaryFolder("till-e2e")
        defer { folder.remove() }
        let directory = folder.url.appendingPathComponent(".till").path

        let up = try await TillProgram.run(
            ["up", "--detach", "--dir", directory, "--replicas", "payments=2,orchestrator=2", "--readiness-timeout", "90"],
            timeout: .seconds(240)
        )
        let layout = StackLayout(directory: directory)
        // Whatever happens below, leave no process behind.
        defer { layout.killLeftovers() }
        try #require(up.status == 0, "till up failed: \(up)")

        let attributes = try FileManager.default.attributesOfItem(atPath: layout.environmentFile.path)
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        let env = try StackEnvFile.read(from: layout.environmentFile)
        #expect(env.entries.map(\.key) == Self.stackKeys)
        for key in Self.stackKeys where key != "TILL_GATEWAY_URL" || Executables.productExists("till-gateway-sim") {
            #expect(!(env[key] ?? "").isEmpty, "\(key) is empty")
        }
        #expect(env["TILL_PAYMENTS_ADDR"]?.split(separator: ",").count == 2)
        #expect(env["TILL_ORCHESTRATOR_ADDR"]?.split(separator: ",").count == 2)
        let clusterKey = try env.require("TILL_CLUSTER_KEY", in: layout.environmentFile)
        #expect(!up.stdout.contains(clusterKey) && !up.stderr.contains(clusterKey), "till up printed the cluster key")

        let record = try #require(try StackRecord.read(from: layout.recordFile))
        #expect(record.phase == .ready)
        let names = record.processes.map(\.name)
        for name in ["redis", "inventory-1", "payments-1", "payments-2", "shipping-1", "orchestrator-1", "orchestrator-2"] {
            #expect(names.contains(name), "\(name) missing from stack.json")
        }
        #expect(record.processes.allSatisfy { $0.process.isAlive })

        let status = try await TillProgram.run(["status", "--dir", directory])
        #expect(status.status == 0, "till status: \(status)")
        let rows = status.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        for process in record.processes {
            let row = rows.first { $0.first.map(String.init) == process.name }
            #expect(row.map { Array($0.prefix(4)) } == [Substring(process.name), Substring(String(process.process.pid)), "running", "ready"], "\(status.stdout)")
        }

        let down = try await TillProgram.run(["down", "--dir", directory], timeout: .seconds(180))
        #expect(down.status == 0, "till down: \(down)")
        for process in record.processes {
            #expect(!process.process.isAlive, "\(process.name) (pid \(process.process.pid)) still running after till down")
        }
        #expect(!FileManager.default.fileExists(atPath: layout.environmentFile.path))
        #expect(!FileManager.default.fileExists(atPath: layout.recordFile.path))
        #expect(processes(mentioning: folder.path).isEmpty)
    }

    @Test(.enabled(if: servicesAreReal, "the service executables are still stubs"), .timeLimit(.minutes(5)))
    func foregroundStackStopsEverythingOnCtrlC() async throws {
        let folder = try TemporaryFolder("till-e2e")
        defer { folder.remove() }
        let directory = folder.url.appendingPathComponent(".till").path
        let layout = StackLayout(directory: directory)
        let up = try TillProgram.start(["up", "--dir", directory, "--readiness-timeout", "90"])

        var record: StackRecord?
        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            if let current = try? StackRecord.read(from: layout.recordFile), current.phase == .ready {
                record = current
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let ready = try #require(record, "the stack did not get ready: \(up.output)")
        #expect(ready.supervisor.process.pid == up.pid)
        #expect(!ready.supervisor.detached)

        up.signal(SIGINT)
        let run = try await up.finish(timeout: .seconds(120))
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.contains("till: stack stopped"))
        for process in ready.processes {
            #expect(!process.process.isAlive, "\(process.name) still running after Ctrl-C")
        }
        #expect(!FileManager.default.fileExists(atPath: layout.recordFile.path))
        #expect(processes(mentioning: folder.path).isEmpty)
    }
}

extension Executables {
    /// Whether this package's executable `name` was built.
    static func productExists(_ name: String) -> Bool {
        (try? self.locateProduct(name)) != nil
    }
}
