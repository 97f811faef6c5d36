import ArgumentParser
import TillService

/// `till-payments`: Authorizations, captures, refunds, fraud screening and gateway webhooks.
@main
struct PaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till-payments",
        abstract: "Authorizations, captures, refunds, fraud screening and gateway webhooks.",
        discussion: "Every option can also be set by the TILL_* environment variable named in its help."
    )

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let settings = try options.resolve(service: "payments", defaultListen: ServiceDefaults.listen(for: "payments"))
        try await ServiceHost(settings: settings).run()
    }
}
