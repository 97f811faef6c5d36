import ArgumentParser
import TillService

/// `till-orchestrator`: Drives checkout sagas across inventory, payments and shipping.
@main
struct OrchestratorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till-orchestrator",
        abstract: "Drives checkout sagas across inventory, payments and shipping.",
        discussion: "Every option can also be set by the TILL_* environment variable named in its help."
    )

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let settings = try options.resolve(service: "orchestrator", defaultListen: ServiceDefaults.listen(for: "orchestrator"))
        try await ServiceHost(settings: settings).run()
    }
}
