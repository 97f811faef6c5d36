import ArgumentParser
import TillService

/// `till-shipping`: Shipments with a simulated carrier.
@main
struct ShippingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till-shipping",
        abstract: "Shipments with a simulated carrier.",
        discussion: "Every option can also be set by the TILL_* environment variable named in its help."
    )

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let settings = try options.resolve(service: "shipping", defaultListen: ServiceDefaults.listen(for: "shipping"))
        try await ServiceHost(settings: settings).run()
    }
}
