import Logging
import TillTLS
import TillWire

/// ``StackAccess`` over the wire protocol: one ``RPCClient`` per service, each spread over all of
/// the service's replicas (a replica that stops answering is skipped while others answer).
public final class RPCStackAccess: StackAccess {
    private let orchestrator: RPCClient
    private let inventory: RPCClient?
    private let payments: RPCClient?
    private let shipping: RPCClient?

    /// Clients of the services at `addresses`; only the orchestrator is required (ping needs nothing else).
    /// With `tls`, every connection is TLS, verified against its roots.
    public init(
        addresses: StackAddresses, key: SecretKey, clientName: String, connectionsPerReplica: Int, tls: ClientTLS? = nil, logger: Logger
    ) {
        func client(_ replicas: [PeerAddress]) -> RPCClient {
            var configuration = RPCClientConfiguration(addresses: replicas, clientName: clientName, key: key)
            configuration.connectionsPerAddress = connectionsPerReplica
            configuration.tls = tls
            return RPCClient(configuration: configuration, logger: logger)
        }
        self.orchestrator = client(addresses.orchestrator)
        self.inventory = addresses.inventory.isEmpty ? nil : client(addresses.inventory)
        self.payments = addresses.payments.isEmpty ? nil : client(addresses.payments)
        self.shipping = addresses.shipping.isEmpty ? nil : client(addresses.shipping)
    }

    /// Closes every connection (after the calls in flight).
    public func shutdown() async {
        await self.orchestrator.shutdown()
        await self.inventory?.shutdown()
        await self.payments?.shutdown()
        await self.shipping?.shutdown()
    }

    public func startCheckout(_ order: CheckoutOrder, catalogue: Catalogue, deadline: Duration) async throws(RPCError) -> SagaSnapshot {
        try await self.orchestrator.call(
            "checkout.start", params: CheckoutStartParams(order, catalogue: catalogue), as: SagaViewResult.self, deadline: deadline
        ).snapshot
    }

    public func checkout(_ orderID: String) async throws(RPCError) -> SagaSnapshot? {
        try await Self.orNil {
            () async throws(RPCError) -> SagaSnapshot in
            try await self.orchestrator.call("checkout.get", params: IDParams(key: "order_id", value: orderID), as: SagaViewResult.self).snapshot
        }
    }

    public func checkouts(state: String, cursor: String?) async throws(RPCError) -> (sagas: [SagaSnapshot], cursor: String?) {
        let page = try await self.orchestrator.call(
            "checkout.list", params: ListParams(state: state, limit: 200, cursor: cursor), as: SagaListResult.self
        )
        return (page.sagas.map(\.snapshot), page.cursor)
    }

    public func payment(_ paymentID: String) async throws(RPCError) -> PaymentSnapshot? {
        let payments = try Self.require(self.payments, "payments")
        return try await Self.orNil {
            () async throws(RPCError) -> PaymentSnapshot in
            let result = try await payments.call("payments.get", params: IDParams(key: "payment_id", value: paymentID), as: PaymentResult.self)
            return PaymentSnapshot(
                paymentID: result.payment_id, orderID: result.order_id ?? "", state: result.state,
                amount: result.amount ?? 0, capturedAmount: result.captured_amount ?? 0
            )
        }
    }

    public func setStock(sku: String, onHand: Int64, price: Int64, currency: String) async throws(RPCError) -> StockSnapshot {
        let inventory = try Self.require(self.inventory, "inventory")
        let params = StockSetParams(sku: sku, on_hand: onHand, price: MoneyField(amount: price, currency: currency))
        return try await inventory.call("inventory.stock.set", params: params, as: StockResult.self).snapshot
    }

    public func stock(sku: String) async throws(RPCError) -> StockSnapshot? {
        let inventory = try Self.require(self.inventory, "inventory")
        return try await Self.orNil {
            () async throws(RPCError) -> StockSnapshot in
            try await inventory.call("inventory.stock.get", params: IDParams(key: "sku", value: sku), as: StockResult.self).snapshot
        }
    }

    public var canReadShipments: Bool { self.shipping != nil }

    public func shipment(_ shipmentID: String) async throws(RPCError) -> ShipmentSnapshot? {
        guard let shipping = self.shipping else { return nil }
        return try await Self.orNil {
            () async throws(RPCError) -> ShipmentSnapshot in
            let result = try await shipping.call("shipping.get", params: IDParams(key: "shipment_id", value: shipmentID), as: ShipmentResult.self)
            return ShipmentSnapshot(state: result.state)
        }
    }

    public func ping(deadline: Duration) async throws(RPCError) {
        _ = try await self.orchestrator.call("orchestrator.ping", params: Empty(), as: JSONValue.self, deadline: deadline)
    }

    private static func orNil<T>(_ body: () async throws(RPCError) -> T) async throws(RPCError) -> T? {
        do {
            return try await body()
        } catch where error.code == .notFound {
            return nil
        }
    }

    private static func require(_ client: RPCClient?, _ service: String) throws(RPCError) -> RPCClient {
        guard let client else {
            throw RPCError(code: .badRequest, message: "no address configured for \(service)", retriable: false, source: .local)
        }
        return client
    }
}
