import Foundation
import Testing
import TillProcess
import TillTestSupport

@testable import TillCLI

/// What `till up`, `till status` and `till down` say and leave behind when things go wrong —
/// run against the real `till` executable with stand-in services, so they need no real service.
@Suite("till up failures and till down / status", .serialized)
struct TillUpFailureTests {
    /// A folder of stand-in service executables running `script` with `interpreter`.
    static func fakeServices(in folder: TemporaryFolder, script: String, interpreter: String = "/bin/sh") throws -> URL {
        let bin = folder.url.appendingPathComponent("bin", isDirectory: true)
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        for service in ServiceKind.allCases {
            let file = bin.appendingPathComponent(service.executableName)
            try Data("#!\(interpreter)\n\(script)\n".utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
        }
        return bin
    }

    static let clusterKey = "e2e-cluster-key-that-must-never-be-printed"

    @Test(.timeLimit(.minutes(3)))
    func servicesThatExitAreReportedOneLineEachAndNothingIsLeftRunning() async throws {
        let folder = try TemporaryFolder("till-fail")
        defer { folder.remove() }
        let bin = try Self.fakeServices(in: folder, script: #"echo "$TILL_INSTANCE on $TILL_LISTEN: not assembled yet" >&2; exit 3"#)
        let directory = folder.url.appendingPathComponent(".till").path
        let run = try await TillProgram.run(
            ["up", "--detach", "--dir", directory, "--bin-dir", bin.path, "--readiness-timeout", "60"],
            environment: ["TILL_CLUSTER_KEY": Self.clusterKey]
        )
        #expect(run.status == 1, "\(run)")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        for name in ["inventory-1", "payments-1", "shipping-1", "orchestrator-1"] {
            let log = "\(directory)/logs/\(name).log"
            #expect(lines.contains("till up: \(name): exited with status 3 before it was ready; last lines of \(log):"), "\(run)")
            #expect(lines.contains { $0.hasPrefix("    \(name) on 127.0.0.1:") && $0.hasSuffix(": not assembled yet") }, "\(run)")
        }
        #expect(!run.stdout.contains(Self.clusterKey) && !run.stderr.contains(Self.clusterKey))
        // Redis was started (its log is there) and stopped again; the stack's files are gone.
        #expect(FileManager.default.fileExists(atPath: "\(directory)/logs/redis.log"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/stack.json"))
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/stack.env"))
        #expect(processes(mentioning: folder.path).isEmpty)
    }

    @Test func unreachableRedisIsOneLine() async throws {
        let port = try PortAllocator().allocate(1)[0]
        let folder = try TemporaryFolder("till-fail")
        defer { folder.remove() }
        let run = try await TillProgram.run(
            ["up", "--dir", folder.path],
            environment: ["TILL_REDIS_URL": "redis://:pw-not-shown@127.0.0.1:\(port)/0"]
        )
        #expect(run.status == 1)
        #expect(run.stderr == "till up: TILL_REDIS_URL: no Redis answers at redis://***@127.0.0.1:\(port)/0 (connection refused)\n")
        #expect(run.stdout.isEmpty)
    }

    @Test func redisThatWantsAPasswordIsOneLine() async throws {
        let server = try await RedisServer.start(arguments: ["--requirepass", "sekrit-sekrit"])
        defer { server.stop() }
        let folder = try TemporaryFolder("till-fail")
        defer { folder.remove() }
        let run = try await TillProgram.run(["up", "--dir", folder.path], environment: ["TILL_REDIS_URL": server.url])
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "till up: TILL_REDIS_URL: Redis at redis://127.0.0.1:\(server.port)/0 requires a password; give it in the URL: redis://:password@host:port/db\n"
        )
    }

    @Test func weakSecretIsOneLineWithoutTheSecret() async throws {
        let folder = try TemporaryFolder("till-fail")
        defer { folder.remove() }
        let run = try await TillProgram.run(["up", "--dir", folder.path], environment: ["TILL_CLUSTER_KEY": "tooshort"])
        #expect(run.status == 1)
        #expect(run.stderr == "till up: TILL_CLUSTER_KEY: must be at least 16 characters\n")
    }

    @Test func missingServiceExecutableIsOneLine() async throws {
        let folder = try TemporaryFolder("till-fail")
        defer { folder.remove() }
        let run = try await TillProgram.run(["up", "--dir", folder.path, "--bin-dir", folder.path])
        #expect(run.status == 1)
        #expect(run.stderr == "till up: till-inventory not found in \(folder.path) (build it with `swift build`)\n")
    }

    @Test func badReplicasIsAUsageError() async throws {
        let run = try await TillProgram.run(["up", "--replicas", "payments=2,billing=1"])
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: --replicas: unknown service \"billing\""))
    }

    @Test func refusesToStartOverARunningStack() async throws {
        let folder = try TemporaryFolder("till-fail")
        defer { folder.remove() }
        let layout = StackLayout(directory: folder.path)
        let sleeper = try ChildProcess.launch(
            PlannedProcess(
                name: "inventory-1", role: .service(.inventory), executable: URL(fileURLWithPath: "/bin/sleep"), arguments: ["60"],
                environment: [:], ports: [], health: .readyz(host: "127.0.0.1", port: 1), logFile: folder.url.appendingPathComponent("s.log")
            ),
            inheriting: [:]
        )
        defer { kill(sleeper.identity.pid, SIGKILL) }
        try StackRecord(
            phase: .ready, startedAt: Date(), supervisor: .init(process: ProcessIdentity(pid: 1, startTime: 1), detached: true),
            redis: "x", redisIsPrivate: true, processes: [sleeper.record]
        ).write(to: layout.recordFile)
        let run = try await TillProgram.run(["up", "--dir", folder.path])
        #expect(run.status == 1)
        #expect(
            run.stderr
                == "till up: a stack is already running from \(folder.path) (pid \(sleeper.identity.pid)); stop it with: till down --dir \(folder.path)\n"
        )
        #expect(sleeper.isRunning)
    }

    @Test func downAndStatusWithoutAStack() async throws {
        let folder = try TemporaryFolder("till-fail")
        defer { folder.remove() }
        let down = try await TillProgram.run(["down", "--dir", folder.path])
        #expect(down.status == 0)
        #expect(down.stdout == "till down: no stack recorded in \(folder.path); nothing to stop\n")
        let status = try await TillProgram.run(["status", "--dir", folder.path])
        #expect(status.status == 1)
        #expect(status.stderr == "till status: no stack recorded in \(folder.path) (start one with: till up)\n")
    }

    /// A stack recorded by hand: a real redis-server, a process that ignores SIGTERM, one that exited.
    @Test(.timeLimit(.minutes(2)))
    func statusShowsHealthAndDownStopsEveryRecordedProcess() async throws {
        let folder = try TemporaryFolder("till-down")
        defer { folder.remove() }
        let layout = StackLayout(directory: folder.url.appendingPathComponent(".till").path)
        try layout.prepare()
        let port = try PortAllocator().allocate(1)[0]
        let redisPlan = try TillUpLauncherTests.redis(layout, port: port)
        let stubborn = TillUpLauncherTests.fakeService(
            "orchestrator-1", script: "trap '' TERM; echo trapped; while true; do sleep 1; done", layout: layout,
            ports: [.init(purpose: "admin", host: "127.0.0.1", port: try PortAllocator().allocate(1)[0])]
        )
        let gone = TillUpLauncherTests.fakeService("shipping-1", script: "exit 0", layout: layout)
        let stack = RunningStack(layout: layout, record: TillUpLauncherTests.record(layout))
        try await TillUpLauncherTests.launcher().launch(StackPlan(processes: [redisPlan], environment: .init(entries: [])), into: stack)
        let stubbornChild = try ChildProcess.launch(stubborn, inheriting: ProcessInfo.processInfo.environment)
        try stack.add(stubbornChild)
        let goneChild = try ChildProcess.launch(gone, inheriting: [:])
        try stack.add(goneChild)
        try stack.markReady()
        let redis = try #require(stack.children.first)
        defer {
            for child in stack.children { kill(-child.identity.pid, SIGKILL) }
        }
        while goneChild.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        try await TillUpStandInTests.waitFor(in: stubborn.logFile, "trapped")  // SIGTERM is ignored from now on

        let status = try await TillProgram.run(["status", "--dir", layout.root.path])
        #expect(status.status == 1, "\(status)")
        let rows = status.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).prefix(4).map(String.init) }
        #expect(rows.contains(["redis", String(redis.identity.pid), "running", "ready"]), "\(status)")
        #expect(rows.contains(["orchestrator-1", String(stubbornChild.identity.pid), "running", "not-ready"]), "\(status)")
        #expect(rows.contains(["shipping-1", String(goneChild.identity.pid), "exited", "down"]), "\(status)")
        #expect(status.stdout.contains("orchestrator-1: connection refused"))

        let down = try await TillProgram.run(["down", "--dir", layout.root.path, "--grace-period", "1"])
        #expect(down.status == 0, "\(down)")
        #expect(
            down.stdout.split(separator: "\n") == [
                "till down: killed orchestrator-1 (pid \(stubbornChild.identity.pid)): still running 1s after SIGTERM",
                "till down: stopped redis (pid \(redis.identity.pid))",
                "till down: stack in \(layout.root.path) stopped",
            ]
        )
        #expect(!redis.identity.isAlive)
        #expect(!stubbornChild.identity.isAlive)
        #expect(!FileManager.default.fileExists(atPath: layout.recordFile.path))
    }
}
