import Foundation
import Testing
import TillProcess
import TillTestSupport

@testable import TillCLI

/// The start machinery against real processes: a real `redis-server` with the stack's arguments,
/// and shell scripts standing in for services that fail.
@Suite("till up launcher")
struct TillUpLauncherTests {
    static func layout(_ folder: TemporaryFolder) throws -> StackLayout {
        let layout = StackLayout(directory: folder.url.appendingPathComponent(".till").path)
        try layout.prepare()
        return layout
    }

    static func record(_ layout: StackLayout) -> StackRecord {
        StackRecord(
            phase: .starting, startedAt: Date(), supervisor: .init(process: .current, detached: true),
            redis: "private", redisIsPrivate: true, processes: []
        )
    }

    static func launcher(timeout: Duration = .seconds(30)) -> StackLauncher {
        StackLauncher(probe: ReadinessProbe(), readinessTimeout: timeout, ports: PortAllocator(), environment: ProcessInfo.processInfo.environment)
    }

    static func redis(_ layout: StackLayout, port: Int) throws -> PlannedProcess {
        PlannedProcess(
            name: "redis", role: .redis, executable: try Executables.locateSystem("redis-server"),
            arguments: RedisServerArguments.make(port: port, directory: layout.redisDirectory.path), environment: [:],
            ports: [.init(purpose: "redis", host: "127.0.0.1", port: port)], health: .redisPing(host: "127.0.0.1", port: port),
            logFile: layout.logFile(for: "redis")
        )
    }

    static func fakeService(_ name: String, script: String, layout: StackLayout, ports: [PlannedProcess.Port] = []) -> PlannedProcess {
        PlannedProcess(
            name: name, role: .service(.inventory), executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", script],
            environment: [:], ports: ports, health: .readyz(host: "127.0.0.1", port: ports.last?.port ?? 1),
            logFile: layout.logFile(for: name)
        )
    }

    static func redisCLI(_ port: Int, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = try Executables.locateSystem("redis-cli")
        process.arguments = ["-p", String(port)] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func startsRedisDurablyRecordsItAndStopsIt() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let layout = try Self.layout(folder)
        let port = try PortAllocator().allocate(1)[0]
        let plan = StackPlan(processes: [try Self.redis(layout, port: port)], environment: StackEnvFile(entries: []))
        let stack = RunningStack(layout: layout, record: Self.record(layout))
        try await Self.launcher().launch(plan, into: stack)

        let record = try #require(try StackRecord.read(from: layout.recordFile))
        #expect(record.processes.map(\.name) == ["redis"])
        let redis = try #require(stack.children.first)
        #expect(record.processes[0].process == redis.identity)
        #expect(try Self.redisCLI(port, ["CONFIG", "GET", "appendonly"]).contains("yes"))
        #expect(try Self.redisCLI(port, ["CONFIG", "GET", "appendfsync"]).contains("everysec"))
        // Fewer, compact AOF rewrites: each forks a child that serialises the whole data set.
        #expect(try Self.redisCLI(port, ["CONFIG", "GET", "aof-use-rdb-preamble"]).contains("yes"))
        #expect(try Self.redisCLI(port, ["CONFIG", "GET", "auto-aof-rewrite-percentage"]).contains("200"))
        #expect(try Self.redisCLI(port, ["CONFIG", "GET", "auto-aof-rewrite-min-size"]).contains("\(256 * 1024 * 1024)"))
        #expect(try Self.redisCLI(port, ["CONFIG", "GET", "maxmemory-policy"]).contains("noeviction"))
        #expect(try Self.redisCLI(port, ["CONFIG", "GET", "bind"]).contains("127.0.0.1"))
        #expect(try Self.redisCLI(port, ["CONFIG", "GET", "dir"]).contains(layout.redisDirectory.path))

        try stack.markReady()
        #expect(try StackRecord.read(from: layout.recordFile)?.phase == .ready)
        var outcomes: [ProcessStopper.Outcome] = []
        await stack.stopAll(with: ProcessStopper(grace: .seconds(10))) { _, outcome in outcomes.append(outcome) }
        #expect(outcomes == [.stopped])
        #expect(!redis.identity.isAlive)
        #expect(stack.children.isEmpty)
    }

    @Test func reportsAServiceThatExitsWithTheEndOfItsLog() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let layout = try Self.layout(folder)
        let ports = try PortAllocator().allocate(2)
        let plan = StackPlan(
            processes: [
                Self.fakeService("inventory-1", script: "echo starting; echo 'TILL_CLUSTER_KEY: required, not set' >&2; exit 64", layout: layout,
                    ports: [.init(purpose: "listen", host: "127.0.0.1", port: ports[0]), .init(purpose: "admin", host: "127.0.0.1", port: ports[1])]),
            ],
            environment: StackEnvFile(entries: [])
        )
        let stack = RunningStack(layout: layout, record: Self.record(layout))
        do {
            try await Self.launcher().launch(plan, into: stack)
            Issue.record("a service that exits was ready")
        } catch let failure as LaunchFailure {
            #expect(failure.reports.map(\.problem) == [.exited(.exited(64), logTail: ["starting", "TILL_CLUSTER_KEY: required, not set"])])
            #expect(!failure.isPortConflict)
        }
        await stack.stopAll(with: ProcessStopper(grace: .seconds(5)))
    }

    @Test func tellsAPortConflictFromOtherFailures() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let layout = try Self.layout(folder)
        // Another program holds the port the service is told to listen on; the service fails to bind and exits.
        let squatter = try await RedisServer.start()
        defer { squatter.stop() }
        let taken = PlannedProcess.Port(purpose: "listen", host: "127.0.0.1", port: squatter.port)
        let plan = StackPlan(
            processes: [Self.fakeService("shipping-1", script: "echo 'bind: Address already in use' >&2; exit 1", layout: layout, ports: [taken])],
            environment: StackEnvFile(entries: [])
        )
        let stack = RunningStack(layout: layout, record: Self.record(layout))
        do {
            try await Self.launcher().launch(plan, into: stack)
            Issue.record("a service whose port is taken was ready")
        } catch let failure as LaunchFailure {
            #expect(failure.reports.map(\.problem) == [.portTaken(taken)])
            #expect(failure.error.message == "shipping-1: port 127.0.0.1:\(squatter.port) (listen) is taken by another process")
        }
        await stack.stopAll(with: ProcessStopper(grace: .seconds(5)))
    }

    @Test func givesUpOnAServiceThatNeverGetsReadyWithTheLastReason() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let layout = try Self.layout(folder)
        let ports = try PortAllocator().allocate(1)
        let plan = StackPlan(
            processes: [Self.fakeService("payments-1", script: "exec sleep 60", layout: layout, ports: [.init(purpose: "admin", host: "127.0.0.1", port: ports[0])])],
            environment: StackEnvFile(entries: [])
        )
        let stack = RunningStack(layout: layout, record: Self.record(layout))
        do {
            try await Self.launcher(timeout: .seconds(1)).launch(plan, into: stack)
            Issue.record("a silent service was ready")
        } catch let failure as LaunchFailure {
            #expect(failure.reports.map(\.problem) == [.notReady("connection refused")])
            #expect(failure.error.message == "payments-1: not ready after 1s: connection refused")
        }
        let child = try #require(stack.children.first)
        #expect(child.isRunning)
        await stack.stopAll(with: ProcessStopper(grace: .seconds(5)))
        #expect(!child.identity.isAlive)
    }
}
