#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser

/// `till`, the operator CLI: runs a whole Till stack on local processes and inspects it.
@main
struct Till: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till",
        abstract: "Run, inspect and operate a local Till stack.",
        subcommands: [
            UpCommand.self, DownCommand.self, StatusCommand.self,
            CheckoutCommand.self, SagaCommand.self, StockCommand.self, FraudCommand.self,
            EventsCommand.self, ReconcileCommand.self, DemoCommand.self,
        ]
    )

    /// Runs the command line, first unblocking every signal on the main thread: a `till` started
    /// by a program that had signals blocked would otherwise never see its Ctrl-C or SIGTERM (the
    /// mask is inherited across exec) and could not stop its stack.
    static func main() async {
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        sigprocmask(SIG_SETMASK, &noSignals, nil)
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
