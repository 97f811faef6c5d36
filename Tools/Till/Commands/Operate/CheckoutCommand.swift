import ArgumentParser
import Foundation
import TillAPI
import TillClients
import TillWire

/// `till checkout`: one checkout through the orchestrator, printed as its saga timeline.
struct CheckoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout",
        abstract: "Run one checkout saga and show what happened.",
        discussion: """
            Prices come from inventory (set them with `till stock set`). Test cards: tok_visa, \
            tok_declined, tok_insufficient_funds, tok_3ds, tok_cvv_fail, tok_flaky_2, tok_timeout; \
            --postal-code 00000 makes the carrier reject the address. Exits 0 when the saga \
            completed (or, with --no-wait, started), 1 otherwise.
            """
    )

    @OptionGroup var client: ClientOptions

    @Option(name: .customLong("sku"), help: ArgumentHelp("A line of the order; repeatable.", valueName: "sku[:quantity]"))
    var lines: [String]

    @Option(help: ArgumentHelp("The card token.", valueName: "token"))
    var card = "tok_visa"

    @Option(help: ArgumentHelp("The order id (default: a new random one).", valueName: "id"))
    var orderID: String?

    @Option(help: ArgumentHelp("The customer id; velocity limits count per customer.", valueName: "id"))
    var customer = "cust-cli"

    @Option(help: ArgumentHelp("The customer's e-mail.", valueName: "address"))
    var email = "buyer@example.com"

    @Option(help: ArgumentHelp("ISO 4217 code of the order.", valueName: "code"))
    var currency = "USD"

    @Option(help: ArgumentHelp("ISO 3166 alpha-2 billing country.", valueName: "code"))
    var country = "US"

    @Option(help: ArgumentHelp("ISO 3166 alpha-2 country that issued the card.", valueName: "code"))
    var cardCountry: String?

    @Option(help: ArgumentHelp("Ship-to name.", valueName: "name"))
    var name = "Ada Lovelace"

    @Option(help: ArgumentHelp("Ship-to street.", valueName: "line"))
    var street = "1 Analytical Way"

    @Option(help: ArgumentHelp("Ship-to city.", valueName: "city"))
    var city = "London"

    @Option(help: ArgumentHelp("Ship-to postal code (00000 is rejected by the carrier).", valueName: "code"))
    var postalCode = "10115"

    @Option(help: ArgumentHelp("Ship-to country (default: the billing country).", valueName: "code"))
    var shipCountry: String?

    @Flag(help: "Answer as soon as the saga started; follow it with `till saga show`.")
    var noWait = false

    @Flag(help: "Print the saga view as JSON.")
    var json = false

    func validate() throws {
        guard !self.lines.isEmpty else { throw ValidationError("give at least one --sku") }
        for line in self.lines { _ = try Self.item(line) }
    }

    func run() async throws {
        try await CommandReport.run("checkout") { console throws(TillError) in
            let params = try self.params()
            let settings = try self.client.settings(environment: ProcessInfo.processInfo.environment)
            let saga = try await ServiceCall.run(.orchestrator, settings: settings) { rpc throws(RPCError) in
                try await CheckoutClient(rpc: rpc).start(params)
            }
            SagaCommand.print(saga, json: self.json, console: console)
            let expected: SagaState = self.noWait ? .running : .completed
            guard saga.state == .completed || saga.state == expected else {
                throw TillError(.rejected, "order \(saga.orderID) \(saga.state.rawValue)")
            }
        }
    }

    func params() throws(TillError) -> CheckoutStartParams {
        var items: [CheckoutItem] = []
        for line in self.lines {
            do {
                items.append(try Self.item(line))
            } catch {
                throw TillError(.usage, "\(error)")
            }
        }
        return CheckoutStartParams(
            orderID: self.orderID ?? Self.newOrderID(),
            customer: CustomerInfo(id: self.customer, email: self.email),
            items: items,
            currency: self.currency.uppercased(),
            cardToken: self.card,
            billingCountry: self.country.uppercased(),
            cardCountry: self.cardCountry?.uppercased(),
            shippingAddress: ShippingAddress(
                name: self.name, line1: self.street, city: self.city, postalCode: self.postalCode,
                country: (self.shipCountry ?? self.country).uppercased()
            ),
            wait: !self.noWait
        )
    }

    /// `sku` or `sku:quantity`.
    static func item(_ line: String) throws(ValidationError) -> CheckoutItem {
        let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts[0].isEmpty else { throw ValidationError("--sku: expected sku[:quantity], got \(line.debugDescription)") }
        guard parts.count == 2 else { return CheckoutItem(sku: line, quantity: 1) }
        guard let quantity = Int64(parts[1]), quantity >= 1 else {
            throw ValidationError("--sku: the quantity of \(parts[0]) must be a whole number of at least 1, got \(parts[1].debugDescription)")
        }
        return CheckoutItem(sku: String(parts[0]), quantity: quantity)
    }

    /// `ord-` and 12 random hex digits.
    static func newOrderID() -> String {
        "ord-" + String(UInt64.random(in: 0...UInt64.max) >> 16, radix: 16)
    }
}
