import Foundation
import Testing
import TillTestSupport

@testable import TillCLI

/// Stand-in services: small Perl programs (Perl is part of every Debian and Ubuntu base system)
/// that log the settings they were given, answer `/readyz` on their admin address — holding the
/// port themselves, as a real service does — and exit 0 on SIGTERM, saying so.
enum StandInServices {
    /// The Perl interpreter, if there is one.
    static let perl: String? = ["/usr/bin/perl", "/bin/perl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A stand-in service.
    static let script = #"""
        use strict;
        use IO::Socket::INET;
        $| = 1;
        my $name = $ENV{TILL_INSTANCE};
        print "$name listen=$ENV{TILL_LISTEN} admin=$ENV{TILL_ADMIN_LISTEN} redis=$ENV{TILL_REDIS_URL}\n";
        $SIG{TERM} = sub { print "$name got SIGTERM\n"; exit 0 };
        my ($host, $port) = split /:/, $ENV{TILL_ADMIN_LISTEN};
        my $server = IO::Socket::INET->new(LocalAddr => $host, LocalPort => $port, Listen => 16, ReuseAddr => 1)
            or die "$name: cannot listen on $ENV{TILL_ADMIN_LISTEN}: $!\n";
        while (1) {
            my $client = $server->accept or next;
            while (my $line = <$client>) { last if $line eq "\r\n"; }
            print $client "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 14\r\nConnection: close\r\n\r\n{\"ready\":true}";
            close $client;
        }
        """#

    /// Runs `body` with a folder of stand-in services.
    static func with(
        _ body: (_ bin: URL, _ environment: [String: String], _ folder: TemporaryFolder) async throws -> Void
    ) async throws {
        let folder = try TemporaryFolder("till-standin")
        defer { folder.remove() }
        let bin = try TillUpFailureTests.fakeServices(in: folder, script: Self.script, interpreter: Self.perl ?? "/usr/bin/perl")
        try await body(bin, [:], folder)
    }
}

/// The whole `till up` / `status` / `down` cycle with a real Redis and ``StandInServices``. Runs
/// whether or not the real services are built, so the supervisor's own behaviour is always covered.
@Suite("till up with stand-in services", .serialized, .enabled(if: StandInServices.perl != nil, "perl is not installed"))
struct TillUpStandInTests {
    @Test(.timeLimit(.minutes(3)))
    func detachedStackIsReadyHealthyAndStopsEveryProcessWithSIGTERM() async throws {
        try await StandInServices.with { bin, environment, folder in
            let directory = folder.url.appendingPathComponent(".till").path
            let layout = StackLayout(directory: directory)
            let up = try await TillProgram.run(
                ["up", "--detach", "--no-wire-check", "--dir", directory, "--bin-dir", bin.path, "--replicas", "payments=2,orchestrator=2"],
                environment: environment
            )
            defer {
                for pid in processes(mentioning: folder.path) { kill(pid, SIGKILL) }
            }
            try #require(up.status == 0, "\(up)")
            #expect(up.stdout.hasPrefix("till: stack ready in "), "\(up)")
            #expect(up.stdout.contains("till: running in the background; stop it with: till down --dir \(directory)"))

            // stack.env: private, every variable, the replicas comma-separated.
            let attributes = try FileManager.default.attributesOfItem(atPath: layout.environmentFile.path)
            #expect(attributes[.posixPermissions] as? Int == 0o600)
            let env = try StackEnvFile.read(from: layout.environmentFile)
            #expect(env.entries.map(\.key) == TillUpEndToEndTests.stackKeys)
            for key in TillUpEndToEndTests.stackKeys where key != "TILL_GATEWAY_URL" {
                #expect(!(env[key] ?? "").isEmpty, "\(key) is empty")
            }
            #expect(env["TILL_PAYMENTS_ADDR"]?.split(separator: ",").count == 2)
            #expect(env["TILL_ORCHESTRATOR_ADDR"]?.split(separator: ",").count == 2)
            #expect(env["TILL_LOG_DIR"] == layout.logsDirectory.path)
            let clusterKey = try env.require("TILL_CLUSTER_KEY", in: layout.environmentFile)
            #expect(clusterKey.count == 64)
            #expect(!up.stdout.contains(clusterKey) && !up.stderr.contains(clusterKey))

            // Each service was told its own addresses and the shared Redis.
            let redisURL = try env.require("TILL_REDIS_URL", in: layout.environmentFile)
            let inventoryLog = try String(contentsOf: layout.logFile(for: "inventory-1"), encoding: .utf8)
            #expect(inventoryLog.hasPrefix("inventory-1 listen=\(env["TILL_INVENTORY_ADDR"] ?? "?") admin=127.0.0.1:"))
            #expect(inventoryLog.contains("redis=\(redisURL)"))

            let record = try #require(try StackRecord.read(from: layout.recordFile))
            #expect(record.phase == .ready)
            #expect(record.processes.map(\.name) == ["redis", "inventory-1", "payments-1", "payments-2", "shipping-1", "orchestrator-1", "orchestrator-2"])
            #expect(record.processes.allSatisfy { $0.process.isAlive })

            let status = try await TillProgram.run(["status", "--dir", directory])
            #expect(status.status == 0, "\(status)")
            let rows = status.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).prefix(4).map(String.init) }
            for process in record.processes {
                #expect(rows.contains([process.name, String(process.process.pid), "running", "ready"]), "\(status)")
            }

            let down = try await TillProgram.run(["down", "--dir", directory])
            #expect(down.status == 0, "\(down)")
            for process in record.processes {
                #expect(!process.process.isAlive, "\(process.name) still running")
                #expect(down.stdout.contains("till down: stopped \(process.name) (pid \(process.process.pid))"), "\(down)")
            }
            // Stopped in reverse order, Redis last, each by SIGTERM (not SIGKILL).
            let stopped = down.stdout.split(separator: "\n").filter { $0.hasPrefix("till down: stopped ") }
                .compactMap { $0.split(separator: " ").dropFirst(3).first.map(String.init) }
            #expect(stopped == record.processes.reversed().map(\.name))
            for process in record.processes where process.name != "redis" {
                let log = try String(contentsOf: layout.logFile(for: process.name), encoding: .utf8)
                #expect(log.contains("\(process.name) got SIGTERM"), "\(process.name): \(log)")
            }
            #expect(!FileManager.default.fileExists(atPath: layout.environmentFile.path))
            #expect(!FileManager.default.fileExists(atPath: layout.recordFile.path))
            #expect(processes(mentioning: folder.path).isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func foregroundStackReportsADeadProcessAndStopsEverythingOnCtrlC() async throws {
        try await StandInServices.with { bin, environment, folder in
            let directory = folder.url.appendingPathComponent(".till").path
            let layout = StackLayout(directory: directory)
            let up = try TillProgram.start(["up", "--no-wire-check", "--dir", directory, "--bin-dir", bin.path], environment: environment)
            defer {
                up.signal(SIGKILL)
                for pid in processes(mentioning: folder.path) { kill(pid, SIGKILL) }
            }
            var record: StackRecord?
            let deadline = ContinuousClock.now + .seconds(90)
            while ContinuousClock.now < deadline {
                if let current = try? StackRecord.read(from: layout.recordFile), current.phase == .ready {
                    record = current
                    break
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            let ready = try #require(record, "the stack did not get ready: \(up.output)")
            #expect(ready.supervisor.process.pid == up.pid)
            #expect(!ready.supervisor.detached)
            #expect(FileManager.default.fileExists(atPath: layout.environmentFile.path))

            // Not a terminal: the status line comes as a plain line.
            try await Self.waitFor(in: up.stdout, "till: 5/5 up | uptime ")

            // A process that dies is reported with its status and log, the rest keeps running.
            let victim = try #require(ready.processes.first { $0.name == "shipping-1" })
            kill(victim.process.pid, SIGKILL)
            try await Self.waitFor(in: up.stderr, "till: shipping-1 killed by signal 9 (SIGKILL) unexpectedly; last lines of \(victim.log):")

            // `till status` run meanwhile sees it.
            let status = try await TillProgram.run(["status", "--dir", directory])
            #expect(status.status == 1)
            #expect(status.stdout.contains("shipping-1"))

            up.signal(SIGINT)
            let run = try await up.finish(timeout: .seconds(90))
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("till: stopping 5 processes\ntill: stack stopped\n"), "\(run)")
            for process in ready.processes {
                #expect(!process.process.isAlive, "\(process.name) still running after Ctrl-C")
            }
            for name in ["inventory-1", "payments-1", "orchestrator-1"] {
                let log = try String(contentsOf: layout.logFile(for: name), encoding: .utf8)
                #expect(log.contains("\(name) got SIGTERM"), "\(name): \(log)")
            }
            #expect(!FileManager.default.fileExists(atPath: layout.recordFile.path))
            #expect(!FileManager.default.fileExists(atPath: layout.environmentFile.path))
            #expect(processes(mentioning: folder.path).isEmpty)
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func downAsksAForegroundTillUpToStopItsStack() async throws {
        try await StandInServices.with { bin, environment, folder in
            let directory = folder.url.appendingPathComponent(".till").path
            let layout = StackLayout(directory: directory)
            let up = try TillProgram.start(["up", "--no-wire-check", "--dir", directory, "--bin-dir", bin.path], environment: environment)
            defer {
                up.signal(SIGKILL)
                for pid in processes(mentioning: folder.path) { kill(pid, SIGKILL) }
            }
            let deadline = ContinuousClock.now + .seconds(90)
            while (try? StackRecord.read(from: layout.recordFile))??.phase != .ready, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            let record = try #require(try StackRecord.read(from: layout.recordFile), "\(up.output)")
            let down = try await TillProgram.run(["down", "--dir", directory])
            #expect(down.status == 0, "\(down)")
            #expect(down.stdout.hasPrefix("till down: asking till up (pid \(up.pid)) to stop the stack\n"), "\(down)")
            let run = try await up.finish(timeout: .seconds(30))
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("till: stack stopped"))
            for process in record.processes {
                #expect(!process.process.isAlive)
            }
        }
    }

    /// Waits until `file` contains `text`.
    static func waitFor(in file: URL, _ text: String, timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        var content = ""
        while ContinuousClock.now < deadline {
            content = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            if content.contains(text) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("\(file.lastPathComponent) never said \(text.debugDescription); it has:\n\(content)")
    }
}

