import Foundation
import Testing

@testable import TillCLI

@Suite("till up processes: start, identity, stop")
struct TillUpProcessTests {
    static func shell(_ name: String, _ script: String, in folder: TemporaryFolder, environment: [String: String] = [:]) -> PlannedProcess {
        PlannedProcess(
            name: name,
            role: .service(.inventory),
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", script],
            environment: environment,
            ports: [],
            health: .readyz(host: "127.0.0.1", port: 1),
            logFile: folder.url.appendingPathComponent("\(name).log")
        )
    }

    static func waitUntilExited(_ child: ChildProcess) async throws -> ChildProcess.Status {
        let deadline = ContinuousClock.now + .seconds(30)
        while child.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return child.status
    }

    @Test func startsWithInheritedAndPlannedVariablesAndLogsBothStreams() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let plan = Self.shell(
            "inventory-1",
            #"echo "out $TILL_INSTANCE $INHERITED"; echo "err $TILL_LISTEN" >&2; exit 3"#,
            in: folder,
            environment: ["TILL_INSTANCE": "inventory-1", "TILL_LISTEN": "127.0.0.1:7001", "INHERITED": "planned wins"]
        )
        let child = try ChildProcess.launch(plan, inheriting: ["INHERITED": "inherited", "PATH": "/usr/bin:/bin"])
        #expect(try await Self.waitUntilExited(child) == .exited(3))
        let log = try String(contentsOf: plan.logFile, encoding: .utf8)
        #expect(log.contains("out inventory-1 planned wins"))
        #expect(log.contains("err 127.0.0.1:7001"))
        #expect(child.record.name == "inventory-1")
        #expect(child.record.log == plan.logFile.path)
    }

    @Test func runsInItsOwnProcessGroupSoCtrlCReachesOnlyTill() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let child = try ChildProcess.launch(Self.shell("sleeper", "exec sleep 30", in: folder), inheriting: [:])
        #expect(child.leadsProcessGroup)
        #expect(getpgid(child.identity.pid) != getpgrp())
        #expect(child.identity.isAlive)
        #expect(child.identity.startTime != nil)
        #expect(await ProcessStopper(grace: .seconds(10)).stop(child.identity, leadsProcessGroup: true) == .stopped)
        #expect(try await Self.waitUntilExited(child) == .signalled(SIGTERM))
        #expect(!child.identity.isAlive)
    }

    @Test func startsWithNoSignalBlockedOrIgnoredWhateverTheSpawningThreadHad() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var plan = Self.shell("probe", "", in: folder)
        plan.executable = URL(fileURLWithPath: "/bin/cat")
        plan.arguments = ["/proc/self/status"]
        // Block and ignore signals on this thread, as Dispatch and Swift concurrency workers do.
        var blocked = sigset_t()
        sigfillset(&blocked)
        var previous = sigset_t()
        pthread_sigmask(SIG_SETMASK, &blocked, &previous)
        let oldPipe = signal(SIGPIPE, SIG_IGN)
        let child = Result { try ChildProcess.launch(plan, inheriting: [:]) }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        signal(SIGPIPE, oldPipe)
        #expect(try await Self.waitUntilExited(try child.get()) == .exited(0))
        let status = try String(contentsOf: plan.logFile, encoding: .utf8)
        func mask(_ field: String) -> UInt64? {
            let line = status.split(separator: "\n").first { $0.hasPrefix("\(field):") }
            return line.flatMap { UInt64($0.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces), radix: 16) }
        }
        #expect(mask("SigBlk") == 0, "\(status)")
        // Signals 1–31 at their defaults; glibc keeps its two internal real-time signals (32, 33) ignored.
        #expect(mask("SigIgn").map { $0 & 0x7fff_ffff } == 0, "\(status)")
    }

    @Test func reportsAProgramThatCannotStart() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var plan = Self.shell("ghost", "", in: folder)
        plan.executable = folder.url.appendingPathComponent("no-such-program")
        do {
            _ = try ChildProcess.launch(plan, inheriting: [:])
            Issue.record("a missing program started")
        } catch {
            #expect(error.code == .launch)
            #expect(error.message == "ghost: cannot start \(plan.executable.path): No such file or directory")
        }
    }

    @Test func killsAProcessThatIgnoresSIGTERMAfterTheGracePeriodAndItsGroupWithIt() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // The shell ignores SIGTERM and has a child of its own in its group.
        let script = #"trap '' TERM; sleep 60 & echo "helper $!"; while true; do sleep 1; done"#
        let child = try ChildProcess.launch(Self.shell("stubborn", script, in: folder), inheriting: ["PATH": "/usr/bin:/bin"])
        var helper: Int32?
        let deadline = ContinuousClock.now + .seconds(10)
        while helper == nil, ContinuousClock.now < deadline {
            let log = (try? String(contentsOf: child.plan.logFile, encoding: .utf8)) ?? ""
            helper = log.split(separator: " ").last.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            try await Task.sleep(for: .milliseconds(20))
        }
        let helperPid = try #require(helper)
        let helperIdentity = ProcessIdentity.of(pid: helperPid)
        let started = ContinuousClock.now
        let outcome = await ProcessStopper(grace: .milliseconds(500)).stop(child.identity, leadsProcessGroup: true)
        #expect(outcome == .killed)
        #expect(ContinuousClock.now - started >= .milliseconds(500))
        #expect(try await Self.waitUntilExited(child) == .signalled(SIGKILL))
        // The helper shared the group: it is gone too (reaped by init or left a zombie).
        let helperGone = ContinuousClock.now + .seconds(10)
        while helperIdentity.isAlive, ContinuousClock.now < helperGone {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!helperIdentity.isAlive)
    }

    @Test func leavesAloneAPidThatNowBelongsToAnotherProcess() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let child = try ChildProcess.launch(Self.shell("bystander", "exec sleep 30", in: folder), inheriting: [:])
        let impostor = ProcessIdentity(pid: child.identity.pid, startTime: (child.identity.startTime ?? 0) + 12345)
        #expect(!impostor.isAlive)
        #expect(await ProcessStopper(grace: .seconds(1)).stop(impostor, leadsProcessGroup: true) == .notRunning)
        #expect(child.isRunning)
        #expect(await ProcessStopper(grace: .seconds(10)).stop(child.identity, leadsProcessGroup: true) == .stopped)
    }

    @Test func stopsEvenWhenTheTaskIsCancelled() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let child = try ChildProcess.launch(
            Self.shell("late", "trap 'sleep 0.3; exit 0' TERM; echo trapped; while true; do sleep 1; done", in: folder),
            inheriting: ["PATH": "/usr/bin:/bin"]
        )
        try await TillUpStandInTests.waitFor(in: child.plan.logFile, "trapped")  // takes its time to stop from now on
        let stop = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await ProcessStopper(grace: .seconds(20)).stop(child.identity, leadsProcessGroup: true)
        }
        #expect(await stop.value == .stopped)
        #expect(!child.identity.isAlive)
    }

    @Test func parsesProcStatWhateverTheCommandNameHolds() {
        let line = "1234 (we) ird (name)) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10 18446744073709551615"
        #expect(ProcStat.parse(line) == ProcStat(state: "S", startTime: 987_654))
        #expect(ProcStat.parse("garbage") == nil)
        #expect(ProcStat.parse("1 (x) Z 1 2") == nil)
    }

    @Test func tailsTheLastLinesOfALog() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("big.log")
        let lines = (1...5000).map { "line \($0) " + String(repeating: "x", count: 20) }
        try Data((lines.joined(separator: "\n") + "\n\n").utf8).write(to: file)
        #expect(LogTail.lines(of: file, count: 3) == Array(lines.suffix(3)))
        #expect(LogTail.lines(of: folder.url.appendingPathComponent("none.log"), count: 3) == [])
        try Data("only\n".utf8).write(to: file)
        #expect(LogTail.lines(of: file, count: 8) == ["only"])
    }
}
