import TillAPI
import TillWire

/// A typed client of the shipping service (`shipping.*` in `API.md`).
///
/// ```swift
/// let shipping = ShippingClient(rpc: rpc)
/// let label = try await shipping.create(CreateShipmentParams(shipmentID: "shp-1", orderID: "ord-1", address: address, items: items))
/// ```
///
/// Every method throws the ``RPCError`` of the call: the server's wire error when it answered
/// with one (`source == .server`, e.g. `address_rejected`), else a transport or local failure.
/// Shipping is idempotent by shipment id; an `idempotencyKey` is passed on when given. The caller
/// owns `rpc` (runs it in its `ServiceGroup` or shuts it down).
public struct ShippingClient: Sendable {
    private let rpc: RPCClient

    /// A client sending its calls through `rpc` (which may spread them over several replicas).
    public init(rpc: RPCClient) { self.rpc = rpc }

    /// `shipping.create`: books a label with the carrier. Idempotent on `shipment_id`.
    /// - Throws: `address_rejected`, `unavailable` (carrier down or its circuit open), `invalid_state`
    ///   (the shipment was cancelled first), `idempotency_conflict`.
    public func create(
        _ params: CreateShipmentParams, idempotencyKey: String? = nil, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> CreateShipmentResult {
        try await rpc.fastCall("shipping.create", params: params, idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID)
    }

    /// `shipping.cancel`: cancels a shipment. Safe to repeat, and safe before the create arrives.
    /// - Throws: `invalid_state` when it was already dispatched.
    public func cancel(
        shipmentID: String, idempotencyKey: String? = nil, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> ShipmentView {
        try await rpc.fastCall(
            "shipping.cancel", params: ShipmentIDParams(shipmentID: shipmentID),
            idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID
        )
    }

    /// `shipping.get`: a shipment's state and tracking number.
    /// - Throws: `not_found`.
    public func get(shipmentID: String, deadline: Duration? = nil, traceID: String? = nil) async throws(RPCError) -> ShipmentView {
        try await rpc.call("shipping.get", params: ShipmentIDParams(shipmentID: shipmentID), deadline: deadline, traceID: traceID)
    }

    /// `shipping.ping`: which replica answered; no Redis access.
    public func ping(deadline: Duration? = nil) async throws(RPCError) -> PingResult {
        try await rpc.call("shipping.ping", params: Empty(), deadline: deadline)
    }

    /// `shipping.health`: whether the replica reaches Redis, and the carrier's circuit breaker.
    public func health(deadline: Duration? = nil) async throws(RPCError) -> HealthResult {
        try await rpc.call("shipping.health", params: Empty(), deadline: deadline)
    }
}
