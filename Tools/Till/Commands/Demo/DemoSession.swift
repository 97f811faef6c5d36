import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TillAPI
import TillClients
import TillRedis
import TillWire

/// What the scenarios work with: clients of the stack's services, its Redis, the gateway
/// simulator's test endpoints, the payments webhook listener and the events seen so far.
final class DemoSession: Sendable {
    /// A short random tag in every sku and order id of this run, so that reruns against the same
    /// stack start from fresh stock and fresh orders.
    let runID: String
    let events: DemoEventLog
    let redis: RedisClient
    let checkout: CheckoutClient
    let inventory: InventoryClient
    let payments: PaymentsClient
    /// `TILL_GATEWAY_URL`: the simulator.
    let gatewayURL: String?
    /// `TILL_PAYMENTS_WEBHOOK`: where the simulator posts its webhooks.
    let webhookURL: String?
    /// The first of `TILL_WEBHOOK_SECRETS`: the one the simulator signs with.
    let webhookSecret: String?
    /// `TILL_LOG_DIR`.
    let logDirectory: String?
    private let rpcClients: [RPCClient]

    init(settings: ClientSettings, redis: RedisClient, events: DemoEventLog) throws(TillError) {
        // Every endpoint first: a missing one then leaves no client to shut down.
        let endpoints = (try settings.endpoint(of: .orchestrator), try settings.endpoint(of: .inventory), try settings.endpoint(of: .payments))
        func client(_ endpoint: ServiceEndpoint) -> RPCClient {
            endpoint.makeRPCClient(clientName: "till-demo", logger: ServiceCall.quietLogger) { $0.defaultDeadline = settings.timeout }
        }
        let orchestrator = client(endpoints.0)
        let inventory = client(endpoints.1)
        let payments = client(endpoints.2)
        self.rpcClients = [orchestrator, inventory, payments]
        self.checkout = CheckoutClient(rpc: orchestrator)
        self.inventory = InventoryClient(rpc: inventory)
        self.payments = PaymentsClient(rpc: payments)
        self.redis = redis
        self.events = events
        self.runID = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        let variables = settings.variables
        self.gatewayURL = variables["TILL_GATEWAY_URL"]
        self.webhookURL = variables["TILL_PAYMENTS_WEBHOOK"]
        self.webhookSecret = variables["TILL_WEBHOOK_SECRETS"]?.split(separator: ",").first.map(String.init)
        self.logDirectory = variables["TILL_LOG_DIR"]
    }

    /// Closes the service connections.
    func shutdown() async {
        for client in self.rpcClients { await client.shutdown() }
    }

    // MARK: Orders and stock

    /// The payment id payments gives an order's payment.
    static func paymentID(of orderID: String) -> String { "pay_\(orderID)" }

    /// This run's order id for scenario `name` (`demo-<run>-<name>`).
    func orderID(_ name: String) -> String { "demo-\(self.runID)-\(name)" }

    /// Stocks this run's sku for scenario `name` and returns it.
    func stock(_ name: String, onHand: Int64, price: Int64) async throws -> String {
        let sku = "demo-\(self.runID)-\(name)"
        _ = try await self.inventory.setStock(StockSetParams(sku: sku, onHand: onHand, price: Price(amount: price, currency: "USD")))
        return sku
    }

    /// An order of `quantity` × `sku`, shipped to Berlin unless told otherwise.
    func order(
        _ orderID: String, sku: String, quantity: Int64 = 1, card: String = "tok_visa", email: String = "ada@example.com",
        line1: String = "Main St 1", postalCode: String = "10115"
    ) -> CheckoutStartParams {
        CheckoutStartParams(
            orderID: orderID,
            customer: CustomerInfo(id: "cus-\(orderID)", email: email),
            items: [CheckoutItem(sku: sku, quantity: quantity)],
            currency: "USD",
            cardToken: card,
            billingCountry: "DE",
            shippingAddress: ShippingAddress(name: "Ada Lovelace", line1: line1, city: "Berlin", postalCode: postalCode, country: "DE"),
            wait: true
        )
    }

    // MARK: The gateway simulator

    /// `GET /_sim/stats`.
    func simulatorStats() async throws -> SimulatorCounters {
        SimulatorCounters(try await self.gatewayJSON("GET", "/_sim/stats"))
    }

    /// The simulator's own view of a payment (`GET /v1/payments/{id}`).
    func simulatorPayment(_ paymentID: String) async throws -> JSONValue {
        try await self.gatewayJSON("GET", "/v1/payments/\(paymentID)")
    }

    /// Falsifies the report rows of these payments (`POST /_sim/drift`).
    func pinDrift(_ pins: [String: String]) async throws {
        let body = try JSONEncoder().encode(pins)
        _ = try await self.gatewayJSON("POST", "/_sim/drift", body: Array(body))
    }

    private func gatewayJSON(_ method: String, _ path: String, body: [UInt8]? = nil) async throws -> JSONValue {
        guard let gatewayURL = self.gatewayURL, !gatewayURL.isEmpty else {
            throw DemoError("TILL_GATEWAY_URL is not set: the demo needs the stack's gateway simulator")
        }
        let (status, text) = try await Self.http(method, gatewayURL + path, body: body)
        guard status == 200 else { throw DemoError("the simulator answered \(method) \(path) with \(status): \(text)") }
        return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    // MARK: Webhooks

    /// Posts `body` to the payments webhook listener with `signature` as `Stripe-Signature`.
    func postWebhook(_ body: [UInt8], signature: String) async throws -> (status: Int, body: String) {
        guard let webhookURL = self.webhookURL, !webhookURL.isEmpty else {
            throw DemoError("TILL_PAYMENTS_WEBHOOK is not set")
        }
        return try await Self.http("POST", webhookURL, body: body, headers: ["Stripe-Signature": signature])
    }

    private static func http(
        _ method: String, _ url: String, body: [UInt8]? = nil, headers: [String: String] = [:]
    ) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }
}

/// The counters of `GET /_sim/stats` the scenarios compare before and after.
struct SimulatorCounters: Sendable {
    let json: JSONValue

    init(_ json: JSONValue) { self.json = json }

    /// A top-level counter (`authorizations_created`, `captures`, `voids`, `dropped`…).
    subscript(_ name: String) -> Int64 { self.json[name]?.integerValue ?? 0 }

    /// Requests of one endpoint that reached the simulator (`authorize`, `capture`…).
    func requests(_ endpoint: String) -> Int64 { self.json["requests"]?[endpoint]?.integerValue ?? 0 }
}

/// A scenario step that could not be carried out.
struct DemoError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
