import TillAPI
import TillWire

/// A typed client of the orchestrator's `checkout.*` methods.
public struct CheckoutClient: Sendable {
    private let rpc: RPCClient

    /// A client sending its calls through `rpc` (which may spread them over several orchestrators).
    public init(rpc: RPCClient) { self.rpc = rpc }

    /// `checkout.start`: starts (or joins) the saga of `params.orderID`.
    ///
    /// With `wait` (the default) the answer comes when the saga is terminal or the orchestrator's
    /// deadline is near; give `deadline` room for that (the orchestrator waits at most 30 s).
    public func start(
        _ params: CheckoutStartParams, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> SagaView {
        try await rpc.call("checkout.start", params: params, deadline: deadline, traceID: traceID)
    }

    /// `checkout.get`: the saga of one order.
    public func get(orderID: String, deadline: Duration? = nil, traceID: String? = nil) async throws(RPCError) -> SagaView {
        try await rpc.call("checkout.get", params: OrderIDParams(orderID: orderID), deadline: deadline, traceID: traceID)
    }

    /// `checkout.list`: one page of sagas, optionally only those in one state.
    public func list(
        _ params: CheckoutListParams = CheckoutListParams(), deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> CheckoutListResult {
        try await rpc.call("checkout.list", params: params, deadline: deadline, traceID: traceID)
    }

    /// `checkout.recover`: re-drives the compensations of a `failed_compensation` saga.
    public func recover(orderID: String, deadline: Duration? = nil, traceID: String? = nil) async throws(RPCError) -> SagaView {
        try await rpc.call("checkout.recover", params: OrderIDParams(orderID: orderID), deadline: deadline, traceID: traceID)
    }

    /// `orchestrator.ping`: the round trip without Redis (what `till-load --method ping` measures).
    public func ping(deadline: Duration? = nil) async throws(RPCError) -> JSONValue {
        try await rpc.call("orchestrator.ping", deadline: deadline)
    }
}
