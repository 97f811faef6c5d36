import TillSaga
import TillWire

/// The three services a checkout calls, and the requests of every step and compensation.
///
/// Each request carries the step's idempotency key, the saga's trace id and the step's remaining
/// budget as its deadline.
public struct CheckoutDownstream: Sendable {
    public let inventory: RPCClient
    public let payments: RPCClient
    public let shipping: RPCClient

    public init(inventory: RPCClient, payments: RPCClient, shipping: RPCClient) {
        self.inventory = inventory
        self.payments = payments
        self.shipping = shipping
    }

    func call(_ client: RPCClient, _ method: String, _ params: JSONValue, _ step: SagaStepCall<CheckoutOrder>) async throws(SagaStepFailure) -> JSONValue {
        do {
            return try await client.call(
                method,
                params: params,
                idempotencyKey: step.idempotencyKey,
                deadline: step.remainingBudget,
                traceID: step.traceID
            )
        } catch {
            throw SagaStepFailure(error)
        }
    }
}
