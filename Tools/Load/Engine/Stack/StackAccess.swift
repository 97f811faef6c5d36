import TillWire

/// The public methods of a running stack that the load client calls. The audit goes through these
/// only (never Redis), so it checks what any client of Till can observe.
public protocol StackAccess: Sendable {
    /// `checkout.start` with `wait: true`.
    func startCheckout(_ order: CheckoutOrder, catalogue: Catalogue, deadline: Duration) async throws(RPCError) -> SagaSnapshot
    /// `checkout.get`; nil when the order is unknown (`not_found`).
    func checkout(_ orderID: String) async throws(RPCError) -> SagaSnapshot?
    /// `checkout.list` filtered by state: one page.
    func checkouts(state: String, cursor: String?) async throws(RPCError) -> (sagas: [SagaSnapshot], cursor: String?)
    /// `payments.get`; nil when unknown.
    func payment(_ paymentID: String) async throws(RPCError) -> PaymentSnapshot?
    /// `inventory.stock.set`.
    func setStock(sku: String, onHand: Int64, price: Int64, currency: String) async throws(RPCError) -> StockSnapshot
    /// `inventory.stock.get`; nil when unknown.
    func stock(sku: String) async throws(RPCError) -> StockSnapshot?
    /// `shipping.get`; nil when unknown, or when the stack's shipping address is not configured.
    func shipment(_ shipmentID: String) async throws(RPCError) -> ShipmentSnapshot?
    /// Whether ``shipment(_:)`` can look shipments up.
    var canReadShipments: Bool { get }
    /// `orchestrator.ping`.
    func ping(deadline: Duration) async throws(RPCError)
}
