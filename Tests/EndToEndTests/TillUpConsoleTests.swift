import Foundation
import Testing

@testable import TillCLI

@Suite("till up console: status line, status table, reports")
struct TillUpConsoleTests {
    @Test(arguments: [
        (Duration.seconds(0), "0s"), (.seconds(45), "45s"), (.seconds(65), "1m05s"), (.seconds(600), "10m00s"),
        (.seconds(7509), "2h05m09s"), (.milliseconds(1999), "1s"),
    ])
    func formatsUptime(duration: Duration, text: String) {
        #expect(StatusLine.formatUptime(duration) == text)
    }

    @Test func showsProcessesUptimeAndACheckoutRateThatPlugsIn() {
        var line = StatusLine(up: 6, total: 7, uptime: .seconds(65), checkoutsPerSecond: nil)
        #expect(line.rendered == "till: 6/7 up | uptime 1m05s | checkouts/s -")
        line.checkoutsPerSecond = 12.46
        #expect(line.rendered == "till: 6/7 up | uptime 1m05s | checkouts/s 12.5")
        line.checkoutsPerSecond = 1520
        #expect(line.rendered.hasSuffix("checkouts/s 1520.0"))
        line.checkoutsPerSecond = .nan
        #expect(line.rendered.hasSuffix("checkouts/s -"))
    }

    @Test func redrawsOnATerminalEverySecondAndWritesAPipeEveryTenSeconds() {
        let terminal = StatusPacing(isTerminal: true)
        let pipe = StatusPacing(isTerminal: false)
        #expect((0..<25).filter(terminal.shows(tick:)).count == 25)
        #expect((0..<25).filter(pipe.shows(tick:)) == [0, 10, 20])
    }

    @Test func statusTableHasSplittableColumnsAndReasonsBelow() {
        let ports: [PlannedProcess.Port] = [.init(purpose: "listen", host: "127.0.0.1", port: 7001), .init(purpose: "admin", host: "127.0.0.1", port: 7002)]
        let table = StatusTable(rows: [
            .init(name: "redis", pid: 10, running: true, health: .ready, ports: [.init(purpose: "redis", host: "127.0.0.1", port: 7000)]),
            .init(name: "inventory-1", pid: 11, running: true, health: .notReady("/readyz answered 503 {\"ready\":false}"), ports: ports),
            .init(name: "payments-1", pid: 12, running: false, health: nil, ports: []),
        ])
        #expect(!table.isHealthy)
        let lines = table.lines
        #expect(lines[0].split(separator: " ", omittingEmptySubsequences: true) == ["NAME", "PID", "STATE", "HEALTH", "ADDRESSES"])
        #expect(lines[1].split(separator: " ").prefix(4) == ["redis", "10", "running", "ready"])
        #expect(lines[2].split(separator: " ").prefix(4) == ["inventory-1", "11", "running", "not-ready"])
        #expect(lines[2].hasSuffix("listen 127.0.0.1:7001, admin 127.0.0.1:7002"))
        #expect(lines[3].split(separator: " ").prefix(4) == ["payments-1", "12", "exited", "down"])
        #expect(lines[4] == "inventory-1: /readyz answered 503 {\"ready\":false}")
        #expect(StatusTable(rows: [table.rows[0]]).isHealthy)
    }

    static func process(_ name: String, log: String = "/x/logs/p.log", ports: [PlannedProcess.Port] = []) -> PlannedProcess {
        PlannedProcess(
            name: name, role: .service(.payments), executable: URL(fileURLWithPath: "/bin/true"), arguments: [],
            environment: [:], ports: ports, health: .readyz(host: "127.0.0.1", port: 1), logFile: URL(fileURLWithPath: log)
        )
    }

    @Test func launchFailureSaysOneLinePerProcess() {
        let port = PlannedProcess.Port(purpose: "listen", host: "127.0.0.1", port: 7005)
        let failure = LaunchFailure(
            reports: [
                .init(process: Self.process("inventory-1"), problem: .exited(.exited(64), logTail: ["TILL_CLUSTER_KEY: required, not set"])),
                .init(process: Self.process("payments-1"), problem: .notReady("/readyz answered 503")),
                .init(process: Self.process("shipping-1", ports: [port]), problem: .portTaken(port)),
                .init(process: Self.process("orchestrator-1", log: "/x/logs/o.log"), problem: .exited(.signalled(SIGSEGV), logTail: [])),
            ],
            readinessTimeout: .seconds(30)
        )
        #expect(failure.isPortConflict)
        #expect(failure.error.code == .portTaken)
        #expect(
            failure.error.message.split(separator: "\n") == [
                "inventory-1: exited with status 64 before it was ready; last lines of /x/logs/p.log:",
                "    TILL_CLUSTER_KEY: required, not set",
                "payments-1: not ready after 30s: /readyz answered 503",
                "shipping-1: port 127.0.0.1:7005 (listen) is taken by another process",
                "orchestrator-1: killed by signal 11 (SIGSEGV) before it was ready (its log /x/logs/o.log is empty)",
            ]
        )
        let notPorts = LaunchFailure(reports: [failure.reports[1]], readinessTimeout: .seconds(5))
        #expect(!notPorts.isPortConflict)
        #expect(notPorts.error.code == .notReady)
    }

    @Test func readySummaryNamesProcessesAndWhereTheSecretsAreButNotThem() throws {
        let layout = StackLayout(directory: "/srv/.till")
        let plan = try TillUpPlanTests.plan(TillUpPlanTests.inputs())
        let lines = ReadySummary.lines(plan: plan, layout: layout, elapsed: .milliseconds(3240), detached: true)
        #expect(lines[0] == "till: stack ready in 3.2s, 5 processes")
        #expect(lines.contains { $0.hasPrefix("  inventory-1 ") && $0.contains(" listen 127.0.0.1:") && $0.contains(", admin 127.0.0.1:") })
        #expect(lines.contains("till: addresses and secrets in /srv/.till/stack.env (load them with: set -a; . /srv/.till/stack.env; set +a)"))
        #expect(lines.last == "till: running in the background; stop it with: till down --dir /srv/.till")
        let text = lines.joined(separator: "\n")
        #expect(!text.contains(TillUpPlanTests.secrets.clusterKey))
        #expect(!text.contains(TillUpPlanTests.secrets.webhookSecrets))
        #expect(ReadySummary.lines(plan: plan, layout: layout, elapsed: .seconds(1), detached: false).last == "till: Ctrl-C stops the stack")
    }
}
