import Foundation
import Synchronization
import Testing
import TillProcess
import TillTestSupport

@testable import TillCLI

/// Hands out, in its first `conflicts` allocations, a port another program holds as the first
/// port (the private Redis's), and free ports otherwise.
final class ConflictingPorts: PortSource {
    let taken: Int
    let conflicts: Int
    private let calls = Mutex(0)

    init(taken: Int, conflicts: Int) {
        self.taken = taken
        self.conflicts = conflicts
    }

    var allocations: Int { self.calls.withLock { $0 } }

    func allocate(_ count: Int) async throws(PortAllocationError) -> [Int] {
        let call = self.calls.withLock { calls in
            calls += 1
            return calls
        }
        var ports = try PortAllocator().allocate(count)
        if call <= self.conflicts {
            ports[0] = self.taken
        }
        return ports
    }

    func isFree(_ port: Int) async -> Bool {
        PortAllocator().isFree(port)
    }
}

/// The supervisor's retry on a port lost to another program, with a real Redis in the way.
@Suite("till up supervisor", .serialized, .enabled(if: StandInServices.perl != nil, "perl is not installed"))
struct TillUpSupervisorTests {
    static func supervisor(
        folder: TemporaryFolder,
        bin: URL,
        environment: [String: String],
        ports: ConflictingPorts,
        console: Console
    ) throws -> StackSupervisor {
        let layout = StackLayout(directory: folder.url.appendingPathComponent(".till").path)
        try layout.prepare()
        var services: [ServiceKind: URL] = [:]
        for service in ServiceKind.allCases {
            services[service] = bin.appendingPathComponent(service.executableName)
        }
        var supervisor = StackSupervisor(
            settings: .init(
                inputs: .init(
                    layout: layout,
                    replicas: ReplicaCounts(),
                    secrets: StackSecrets(clusterKey: String(repeating: "k", count: 32), webhookSecrets: String(repeating: "w", count: 32)),
                    redis: .privateServer(executable: try Executables.locateSystem("redis-server")),
                    gateway: .none,
                    services: services,
                    logFormat: "text"
                ),
                readinessTimeout: .seconds(60),
                gracePeriod: .seconds(10),
                detach: true,
                environment: ProcessInfo.processInfo.environment.merging(environment) { _, given in given },
                redisDisplay: "private redis-server",
                checksWire: false
            ),
            console: console
        )
        supervisor.ports = ports
        return supervisor
    }

    static func console(in folder: TemporaryFolder) throws -> (Console, URL) {
        let file = folder.url.appendingPathComponent("console.txt")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        return (Console(output: handle, errors: handle, isTerminal: false), file)
    }

    @Test(.timeLimit(.minutes(3)))
    func retriesWithFreshPortsWhenAPortIsTaken() async throws {
        let squatter = try await RedisServer.start()
        defer { squatter.stop() }
        try await StandInServices.with { bin, environment, folder in
            let ports = ConflictingPorts(taken: squatter.port, conflicts: 1)
            let (console, output) = try Self.console(in: folder)
            let supervisor = try Self.supervisor(folder: folder, bin: bin, environment: environment, ports: ports, console: console)
            try await supervisor.run()
            let layout = supervisor.settings.inputs.layout
            let record = try #require(try StackRecord.read(from: layout.recordFile))
            defer {
                for process in record.processes {
                    kill(-process.process.pid, SIGKILL)
                }
            }
            #expect(ports.allocations == 2)
            let text = try String(contentsOf: output, encoding: .utf8)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.prefix(2) == [
                "till up: redis: port 127.0.0.1:\(squatter.port) (redis) is taken by another process",
                "till up: retrying with fresh ports (attempt 2 of 3)",
            ], "\(text)")
            #expect(lines.contains { $0.hasPrefix("till: stack ready in ") })
            #expect(record.phase == .ready)
            #expect(record.processes.first?.ports.first?.port != squatter.port)
            #expect(FileManager.default.fileExists(atPath: layout.environmentFile.path))
            for process in record.processes {
                #expect(await ProcessStopper(grace: .seconds(10)).stop(process.process, leadsProcessGroup: true) == .stopped)
            }
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func givesUpAfterThreeAttemptsWithOneLineNamingTheProcessAndPort() async throws {
        let squatter = try await RedisServer.start()
        defer { squatter.stop() }
        try await StandInServices.with { bin, environment, folder in
            let ports = ConflictingPorts(taken: squatter.port, conflicts: 3)
            let (console, _) = try Self.console(in: folder)
            let supervisor = try Self.supervisor(folder: folder, bin: bin, environment: environment, ports: ports, console: console)
            do {
                try await supervisor.run()
                Issue.record("the stack came up on a taken port")
            } catch let error as TillError {
                #expect(error.code == .portTaken)
                #expect(error.message == "redis: port 127.0.0.1:\(squatter.port) (redis) is taken by another process")
            }
            #expect(ports.allocations == 3)
            let layout = supervisor.settings.inputs.layout
            #expect(!FileManager.default.fileExists(atPath: layout.recordFile.path))
            #expect(!FileManager.default.fileExists(atPath: layout.environmentFile.path))
            #expect(processes(mentioning: folder.path).isEmpty)
        }
    }
}
