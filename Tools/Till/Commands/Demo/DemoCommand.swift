import ArgumentParser
import Foundation

/// `till demo`: the seven checkout scenarios of the payments design against a running stack,
/// or one it starts (and stops) itself.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the seven checkout scenarios and check what the stack does.",
        discussion: """
            Uses the stack of <dir>/stack.env (or the TILL_* environment); with neither, starts one \
            with `till up --detach` and stops it at the end. Each scenario stocks its own skus and \
            orders under a fresh run tag, so reruns pass. Prints per scenario the saga, its steps, \
            the payment, the events seen on till.events and each check; the last line is the \
            verdict. Exits 1 if any check failed. Needs the gateway simulator (TILL_GATEWAY_URL).
            """
    )

    @OptionGroup var client: ClientOptions

    @Flag(help: "Leave a stack the demo started running (stop it with `till down`).")
    var keepStack = false

    func run() async throws {
        let console = Console()
        let environment = ProcessInfo.processInfo.environment
        var ownStack: DemoStack?
        var outcome: Result<DemoRun.Verdict, TillError>
        do throws(TillError) {
            var settings = try self.client.settings(environment: environment)
            if !settings.hasStackFile && settings.variables["TILL_ORCHESTRATOR_ADDR"] == nil {
                console.line("demo: no stack in \(self.client.stack.layout.root.path); starting one (till up --detach)")
                ownStack = try await DemoStack.start(layout: self.client.stack.layout, console: console)
                settings = try self.client.settings(environment: environment)
            }
            outcome = .success(try await DemoRun(settings: settings, console: console).run())
        } catch {
            outcome = .failure(error)
        }
        if let ownStack {
            if self.keepStack {
                console.line("demo: the stack keeps running; stop it with: till down --dir \(ownStack.layout.root.path)")
            } else {
                console.line("demo: stopping the stack it started (till down)")
                do throws(TillError) {
                    try await ownStack.stop(console: console)
                } catch {
                    outcome = .failure(error)
                }
            }
        }
        switch outcome {
        case .success(let verdict):
            // The verdict comes last, after the stack the demo started has stopped.
            console.line("")
            console.line("demo: \(verdict.total - verdict.failed)/\(verdict.total) scenarios passed")
            if verdict.failed > 0 { throw ExitCode.failure }
        case .failure(let error):
            console.report(error, command: "demo")
            throw ExitCode.failure
        }
    }
}
