import ArgumentParser
import Foundation

/// `till down`: stops the stack recorded in the directory.
struct DownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down",
        abstract: "Stop the stack `till up` started (SIGTERM, then SIGKILL after the grace period).",
        discussion: """
            Stops the processes recorded in <dir>/stack.json, last started first, the private \
            redis-server last (a Redis given by TILL_REDIS_URL is never touched). A foreground \
            `till up` is asked to stop its stack itself. Data and logs stay; stack.env and \
            stack.json are removed.
            """
    )

    @OptionGroup var stack: StackOptions

    @Option(help: ArgumentHelp("Seconds between SIGTERM and SIGKILL.", valueName: "seconds"))
    var gracePeriod = 10

    func validate() throws {
        guard (0...300).contains(self.gracePeriod) else {
            throw ValidationError("--grace-period: expected 0 to 300 seconds, got \(self.gracePeriod)")
        }
    }

    func run() async throws {
        let console = Console()
        do {
            try await self.stopStack(console: console)
        } catch {
            console.report(error, command: "down")
            throw ExitCode.failure
        }
    }

    private func stopStack(console: Console) async throws(TillError) {
        let layout = self.stack.layout
        guard let record = try StackRecord.read(from: layout.recordFile) else {
            console.line("till down: no stack recorded in \(layout.root.path); nothing to stop")
            return
        }
        let grace = Duration.seconds(self.gracePeriod)
        let supervisor = record.supervisor.process
        if record.liveProcesses.contains(supervisor), supervisor != .current {
            // A foreground `till up` stops its processes in order itself and cleans up its files;
            // it gets a grace period per process to do so.
            console.line("till down: asking till up (pid \(supervisor.pid)) to stop the stack")
            let patience = ProcessStopper(grace: grace * (record.processes.count + 1) + .seconds(5))
            _ = await patience.stop(supervisor, leadsProcessGroup: false)
        }
        let stopper = ProcessStopper(grace: grace)
        var stuck: [String] = []
        for process in record.processes.reversed() {
            let outcome = await stopper.stop(process.process, leadsProcessGroup: process.leadsProcessGroup)
            switch outcome {
            case .notRunning:
                continue
            case .stopped:
                console.line("till down: stopped \(process.name) (pid \(process.process.pid))")
            case .killed:
                console.line("till down: killed \(process.name) (pid \(process.process.pid)): still running \(self.gracePeriod)s after SIGTERM")
            case .stuck:
                stuck.append("\(process.name) (pid \(process.process.pid))")
            }
        }
        guard stuck.isEmpty else {
            throw TillError(.launch, "still running after SIGKILL: \(stuck.joined(separator: ", "))")
        }
        layout.removeStackFiles()
        console.line("till down: stack in \(layout.root.path) stopped")
    }
}
