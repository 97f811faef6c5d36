import ArgumentParser
import Foundation
import TillAPI
import TillClients
import TillPayments
import TillWire

/// `till stock set|get`: a sku's stock and price in inventory.
struct StockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock",
        abstract: "Set or show a sku's stock and price.",
        subcommands: [SetStock.self, GetStock.self]
    )

    /// `till stock set <sku> --on-hand N --price 19.99 [--currency USD]`.
    struct SetStock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Set a sku's units on hand (reserved ones included) and its unit price."
        )

        @OptionGroup var client: ClientOptions

        @Argument(help: "The sku.")
        var sku: String

        @Option(help: ArgumentHelp("Units physically in stock, reserved ones included.", valueName: "count"))
        var onHand: Int64

        @Option(help: ArgumentHelp("The unit price in major units.", valueName: "19.99"))
        var price: String

        @Option(help: ArgumentHelp("ISO 4217 code of the price.", valueName: "code"))
        var currency = "USD"

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            try await CommandReport.run("stock set") { console throws(TillError) in
                guard let currency = Currency(self.currency.uppercased()) else {
                    throw TillError(.usage, "--currency: unknown ISO 4217 code \(self.currency.debugDescription)")
                }
                let amount = try MoneyText.minorUnits(self.price, currency: currency, option: "--price")
                let params = StockSetParams(sku: self.sku, onHand: self.onHand, price: Price(amount: amount, currency: currency.code))
                let settings = try self.client.settings(environment: ProcessInfo.processInfo.environment)
                let view = try await ServiceCall.run(.inventory, settings: settings) { rpc throws(RPCError) in
                    try await InventoryClient(rpc: rpc).setStock(params)
                }
                console.line(self.json ? try CommandReport.json(view) : StockCommand.describe(view))
            }
        }
    }

    /// `till stock get <sku>`.
    struct GetStock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show a sku's stock and price.")

        @OptionGroup var client: ClientOptions

        @Argument(help: "The sku.")
        var sku: String

        @Flag(help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            try await CommandReport.run("stock get") { console throws(TillError) in
                let settings = try self.client.settings(environment: ProcessInfo.processInfo.environment)
                let view = try await ServiceCall.run(.inventory, settings: settings) { rpc throws(RPCError) in
                    try await InventoryClient(rpc: rpc).getStock(sku: self.sku)
                }
                console.line(self.json ? try CommandReport.json(view) : StockCommand.describe(view))
            }
        }
    }

    /// `sku-1: 10 on hand, 3 reserved, 7 available at 19.99 USD`.
    static func describe(_ view: StockView) -> String {
        "\(view.sku): \(view.onHand) on hand, \(view.reserved) reserved, \(view.available) available at "
            + MoneyText.format(view.price.amount, currency: view.price.currency)
    }
}
