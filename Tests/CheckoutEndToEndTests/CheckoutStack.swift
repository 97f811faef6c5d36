import Foundation
import Logging
import Testing
import TillAPI
import TillCheckout
import TillRedis
import TillTestSupport
import TillWire

/// A real Till stack for checkout tests: redis-server, inventory, shipping, and one or more
/// orchestrators, each a real executable. Payments is whatever `paymentsAddress` points to.
final class CheckoutStack: Sendable {
    let redis: RedisServer
    let inventory: ServiceProcess
    let shipping: ServiceProcess
    let orchestratorEnvironment: [String: String]

    static let logger = Logger(label: "checkout-e2e", factory: { _ in SwiftLogNoOpLogHandler() })

    private init(redis: RedisServer, inventory: ServiceProcess, shipping: ServiceProcess, orchestratorEnvironment: [String: String]) {
        self.redis = redis
        self.inventory = inventory
        self.shipping = shipping
        self.orchestratorEnvironment = orchestratorEnvironment
    }

    /// Starts Redis, inventory and shipping; orchestrators come from ``startOrchestrator(_:)``.
    static func start(paymentsAddress: String, orchestrator: [String: String] = [:]) async throws -> CheckoutStack {
        let redis = try await RedisServer.start()
        let inventory = try await ServiceProcess.start("till-inventory", redis: redis)
        let shipping = try await ServiceProcess.start("till-shipping", redis: redis, environment: ["TILL_CARRIER_LATENCY_MS": "1"])
        var environment = [
            "TILL_INVENTORY_ADDR": "127.0.0.1:\(inventory.port)",
            "TILL_SHIPPING_ADDR": "127.0.0.1:\(shipping.port)",
            "TILL_PAYMENTS_ADDR": paymentsAddress,
            "TILL_SAGA_LEASE_MS": "1000",
            "TILL_SAGA_SCAN_INTERVAL_MS": "300",
            "TILL_COMPENSATION_BACKOFF_MS": "50",
        ]
        environment.merge(orchestrator) { _, override in override }
        return CheckoutStack(redis: redis, inventory: inventory, shipping: shipping, orchestratorEnvironment: environment)
    }

    func startOrchestrator(_ extra: [String: String] = [:]) async throws -> ServiceProcess {
        try await ServiceProcess.start(
            "till-orchestrator", redis: redis, environment: orchestratorEnvironment.merging(extra) { _, override in override }
        )
    }

    func stop() {
        inventory.kill()
        shipping.kill()
        redis.stop()
    }

    /// A client of `service` for the duration of `body`.
    static func client<T: Sendable>(_ service: ServiceProcess, _ body: @Sendable (RPCClient) async throws -> T) async throws -> T {
        try await client(port: service.port, body)
    }

    /// A client of the service on `port` (one started with its own `TILL_LISTEN`) for `body`.
    static func client<T: Sendable>(port: Int, _ body: @Sendable (RPCClient) async throws -> T) async throws -> T {
        try await withTestClient(ports: [port], name: "checkout-e2e", body)
    }

    /// Sets stock and price of `sku` at inventory.
    func stock(_ sku: String, onHand: Int64, price: Int64, currency: String = "USD") async throws {
        try await Self.client(inventory) { client in
            _ = try await client.call(
                "inventory.stock.set",
                params: ["sku": .string(sku), "on_hand": .integer(onHand), "price": ["amount": .integer(price), "currency": .string(currency)]]
            )
        }
    }

    /// Sends one command to the stack's Redis (test set-up, e.g. the fraud blocklist).
    func redisCommand(_ name: String, _ arguments: String...) async throws {
        let client = RedisClient(configuration: try RedisConfiguration(url: redis.url), logger: Self.logger)
        do {
            try await client.send(RedisCommand(name, arguments))
            await client.shutdown()
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// `{on_hand, reserved, available}` of `sku`.
    func stockLevels(_ sku: String) async throws -> (onHand: Int64, reserved: Int64, available: Int64) {
        try await Self.client(inventory) { client in
            let view = try await client.call("inventory.stock.get", params: ["sku": .string(sku)])
            return (view["on_hand"]?.integerValue ?? -1, view["reserved"]?.integerValue ?? -1, view["available"]?.integerValue ?? -1)
        }
    }

    /// An order of `quantity` × `sku`.
    static func order(
        _ orderID: String, sku: String = "sku-1", quantity: Int64 = 1, unitPrice: Int64? = nil, postalCode: String = "10115",
        cardToken: String = "tok_visa", email: String = "ada@example.com", wait: Bool? = nil
    ) -> CheckoutStartParams {
        CheckoutStartParams(
            orderID: orderID,
            customer: CustomerInfo(id: "cus_\(orderID)", email: email, ip: "203.0.113.7"),
            items: [CheckoutItem(sku: sku, quantity: quantity, unitPrice: unitPrice)],
            currency: "USD",
            cardToken: cardToken,
            billingCountry: "DE",
            shippingAddress: ShippingAddress(name: "Ada", line1: "Main St 1", city: "Berlin", postalCode: postalCode, country: "DE"),
            wait: wait
        )
    }
}

/// Expects `body` to fail with `code`.
@discardableResult
func expectCheckoutError(_ code: WireErrorCode, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async throws -> RPCError {
    do {
        try await body()
    } catch let error as RPCError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    }
    Issue.record("expected \(code.rawValue), got success", sourceLocation: sourceLocation)
    return RPCError(code: code, message: "no error", retriable: false, source: .local)
}
