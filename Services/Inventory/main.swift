import ArgumentParser
import TillInventory
import TillService

/// `till-inventory`: Stock and reservations for Till checkouts.
@main
struct InventoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till-inventory",
        abstract: "Stock and reservations for Till checkouts.",
        discussion: "Every option can also be set by the TILL_* environment variable named in its help."
    )

    @OptionGroup var options: ServiceOptions

    func run() async throws {
        let settings = try options.resolve(service: "inventory", defaultListen: ServiceDefaults.listen(for: "inventory"))
        try await ServiceHost(settings: settings).run { router, context in
            InventoryMethods.register(on: &router, store: InventoryStore(redis: context.redis, logger: context.logger))
        }
    }
}
