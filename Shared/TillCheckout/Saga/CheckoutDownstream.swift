import TillAPI
import TillClients
import TillSaga
import TillWire

/// The three services a checkout calls, through their typed clients.
///
/// Each step request carries the step's idempotency key, the saga's trace id and the step's
/// remaining budget as its deadline.
public struct CheckoutDownstream: Sendable {
    let inventory: InventoryClient
    let payments: PaymentsClient
    let shipping: ShippingClient
    /// The connections behind the clients: run them as services (before the RPC server).
    public let connections: [RPCClient]

    public init(inventory: RPCClient, payments: RPCClient, shipping: RPCClient) {
        self.inventory = InventoryClient(rpc: inventory)
        self.payments = PaymentsClient(rpc: payments)
        self.shipping = ShippingClient(rpc: shipping)
        self.connections = [inventory, payments, shipping]
    }

    /// Runs one request, mapping its failure by the one-layer-per-hop rule.
    static func request<T: Sendable>(_ body: () async throws(RPCError) -> T) async throws(SagaStepFailure) -> T {
        do {
            return try await body()
        } catch {
            throw SagaStepFailure(error)
        }
    }
}
