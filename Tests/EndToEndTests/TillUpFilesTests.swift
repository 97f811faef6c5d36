import Foundation
import Testing

@testable import TillCLI

@Suite("till up files: stack.env and stack.json")
struct TillUpFilesTests {
    static func mode(of url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test func envFileIsKeyValueLinesWithModeOwnerOnly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("stack.env")
        let env = StackEnvFile(entries: [.init("TILL_REDIS_URL", "redis://127.0.0.1:7000/0"), .init("TILL_CLUSTER_KEY", "abc=def")])
        try env.write(to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "TILL_REDIS_URL=redis://127.0.0.1:7000/0\nTILL_CLUSTER_KEY=abc=def\n")
        #expect(try Self.mode(of: file) == 0o600)
        #expect(StackEnvFile.parse(try String(contentsOf: file, encoding: .utf8)) == env)
    }

    @Test func envFileReplacesAnOlderOneAndStaysPrivateEvenIfThatWasNot() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("stack.env")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data("OLD=1\n".utf8), attributes: [.posixPermissions: 0o644])
        try StackEnvFile(entries: [.init("NEW", "2")]).write(to: file)
        #expect(try String(contentsOf: file, encoding: .utf8) == "NEW=2\n")
        #expect(try Self.mode(of: file) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(leftovers == ["stack.env"])
    }

    @Test func envFileRefusesALineBreakWithoutShowingTheValue() throws {
        let env = StackEnvFile(entries: [.init("TILL_CLUSTER_KEY", "secret-part-one\nsecret-part-two")])
        do {
            _ = try env.rendered()
            Issue.record("a value with a line break was written")
        } catch {
            #expect(error.message == "stack.env: the value of TILL_CLUSTER_KEY contains a line break")
            #expect(!error.message.contains("secret-part"))
        }
        #expect(throws: TillError.self) { try StackEnvFile(entries: [.init("lower", "x")]).rendered() }
        #expect(throws: TillError.self) { try StackEnvFile(entries: [.init("1ABC", "x")]).rendered() }
    }

    @Test func envFileParsingSkipsCommentsAndBlankLinesAndRequireNamesTheMissingKey() throws {
        let env = StackEnvFile.parse("# written by till\n\nA=1\nB=x=y\nC=\n")
        #expect(env["A"] == "1")
        #expect(env["B"] == "x=y")
        #expect(env["C"] == "")
        let file = URL(fileURLWithPath: "/tmp/stack.env")
        #expect(try env.require("A", in: file) == "1")
        do {
            _ = try env.require("C", in: file)
            Issue.record("an empty secret was accepted")
        } catch {
            #expect(error.code == .secretMissing)
            #expect(error.message == "/tmp/stack.env: C missing")
        }
    }

    static func record() -> StackRecord {
        StackRecord(
            phase: .ready,
            startedAt: Date(timeIntervalSince1970: 1_750_000_000),
            readyAt: Date(timeIntervalSince1970: 1_750_000_003),
            supervisor: .init(process: ProcessIdentity(pid: 4242, startTime: 99), detached: true),
            redis: "redis://127.0.0.1:7000/0",
            redisIsPrivate: true,
            processes: [
                .init(
                    name: "redis", role: .redis, process: ProcessIdentity(pid: 4243, startTime: 100), leadsProcessGroup: true,
                    ports: [.init(purpose: "redis", host: "127.0.0.1", port: 7000)],
                    health: .redisPing(host: "127.0.0.1", port: 7000), log: "/x/.till/logs/redis.log"
                ),
                .init(
                    name: "payments-2", role: .service(.payments), process: ProcessIdentity(pid: 4250, startTime: nil),
                    leadsProcessGroup: false,
                    ports: [.init(purpose: "listen", host: "127.0.0.1", port: 7002), .init(purpose: "admin", host: "127.0.0.1", port: 7003)],
                    health: .readyz(host: "127.0.0.1", port: 7003), log: "/x/.till/logs/payments-2.log"
                ),
                .init(
                    name: "gateway-sim", role: .gatewaySimulator, process: ProcessIdentity(pid: 4251, startTime: 7),
                    leadsProcessGroup: true, ports: [], health: .httpAnswers(host: "127.0.0.1", port: 7010), log: "/x/g.log"
                ),
            ]
        )
    }

    @Test func stackRecordRoundTripsThroughItsFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("stack.json")
        let record = Self.record()
        try record.write(to: file)
        #expect(try StackRecord.read(from: file) == record)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains(#""role" : "payments""#))
        #expect(text.contains(#""role" : "gateway-sim""#))
        #expect(text.contains(#""startedAt" : "2025-06-15T15:06:40Z""#))
        #expect(text.contains(#""version" : 1"#))
    }

    @Test func missingRecordIsNilAndAGarbledOrNewerOneIsAnError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = folder.url.appendingPathComponent("stack.json")
        #expect(try StackRecord.read(from: file) == nil)
        try Data("{not json".utf8).write(to: file)
        #expect(throws: TillError.self) { try StackRecord.read(from: file) }
        var newer = Self.record()
        newer.version = StackRecord.currentVersion + 1
        try newer.write(to: file)
        do {
            _ = try StackRecord.read(from: file)
            Issue.record("a record from a newer till was accepted")
        } catch {
            #expect(error.message.contains("newer till"))
        }
    }

    @Test func liveProcessesAreThoseStillRunningAsRecorded() throws {
        var record = Self.record()
        let me = ProcessIdentity.current
        #expect(me.isAlive)
        record.processes[0].process = me
        // The same pid with another start time is a different (reused) process.
        record.processes[1].process = ProcessIdentity(pid: me.pid, startTime: (me.startTime ?? 0) + 1)
        record.processes[2].process = ProcessIdentity(pid: Int32.max - 1, startTime: 1)
        record.supervisor = .init(process: me, detached: true)
        #expect(record.liveProcesses == [me])
        // A foreground supervisor counts as part of the stack.
        record.supervisor.detached = false
        #expect(record.liveProcesses == [me, me])
    }

    @Test func layoutResolvesRelativeDirectoriesAndNamesItsFiles() {
        let layout = StackLayout(directory: "stacks/../.till", currentDirectory: "/home/op/shop")
        #expect(layout.root.path == "/home/op/shop/.till")
        #expect(layout.environmentFile.path == "/home/op/shop/.till/stack.env")
        #expect(layout.recordFile.path == "/home/op/shop/.till/stack.json")
        #expect(layout.redisDirectory.path == "/home/op/shop/.till/redis")
        #expect(layout.logFile(for: "payments-2").path == "/home/op/shop/.till/logs/payments-2.log")
        #expect(StackLayout(directory: "/abs/dir", currentDirectory: "/elsewhere").root.path == "/abs/dir")
    }

    @Test func layoutPreparesAPrivateDirectory() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let layout = StackLayout(directory: folder.url.appendingPathComponent("nested/.till").path)
        try layout.prepare()
        #expect(try Self.mode(of: layout.root) == 0o700)
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: layout.logsDirectory.path, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(FileManager.default.fileExists(atPath: layout.redisDirectory.path))

        // A folder that exists keeps its mode.
        let chosen = folder.url.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: chosen, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        try StackLayout(directory: chosen.path).prepare()
        #expect(try Self.mode(of: chosen) == 0o755)
    }
}
