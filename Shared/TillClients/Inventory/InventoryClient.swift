import TillAPI
import TillWire

/// A typed client of the inventory service (`inventory.*` in `API.md`).
///
/// ```swift
/// let inventory = InventoryClient(rpc: rpc)
/// let held = try await inventory.reserve(ReserveParams(reservationID: "res-1", items: [ReserveItem(sku: "sku-1", quantity: 2)]))
/// ```
///
/// Every method throws the ``RPCError`` of the call: the server's wire error when it answered
/// with one (`source == .server`, e.g. `insufficient_stock` with its `details`), else a transport
/// or local failure. Inventory is idempotent by reservation id; an `idempotencyKey` is passed on
/// when given. The caller owns `rpc` (runs it in its `ServiceGroup` or shuts it down).
public struct InventoryClient: Sendable {
    private let rpc: RPCClient

    /// A client sending its calls through `rpc` (which may spread them over several replicas).
    public init(rpc: RPCClient) { self.rpc = rpc }

    /// `inventory.stock.set`: sets a sku's units on hand and its unit price.
    /// - Throws: `invalid_state` when `on_hand` is below what is reserved.
    public func setStock(
        _ params: StockSetParams, idempotencyKey: String? = nil, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> StockView {
        try await rpc.call("inventory.stock.set", params: params, idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID)
    }

    /// `inventory.stock.get`: a sku's stock and price.
    /// - Throws: `not_found` for a sku never set.
    public func getStock(sku: String, deadline: Duration? = nil, traceID: String? = nil) async throws(RPCError) -> StockView {
        try await rpc.call("inventory.stock.get", params: StockGetParams(sku: sku), deadline: deadline, traceID: traceID)
    }

    /// `inventory.reserve`: holds every item or none, and returns their unit prices.
    /// - Throws: `insufficient_stock` (`details: {sku, requested, available}`), `not_found`,
    ///   `invalid_state` (the reservation was released first), `idempotency_conflict`.
    public func reserve(
        _ params: ReserveParams, idempotencyKey: String? = nil, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> ReserveResult {
        try await rpc.fastCall("inventory.reserve", params: params, idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID)
    }

    /// `inventory.release`: returns a reservation's stock. Safe to repeat, and safe before the reserve arrives.
    public func release(
        reservationID: String, idempotencyKey: String? = nil, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> ReservationStateResult {
        try await rpc.fastCall(
            "inventory.release", params: ReservationIDParams(reservationID: reservationID),
            idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID
        )
    }

    /// `inventory.commit`: turns a reservation into a sale (`on_hand` drops).
    /// - Throws: `invalid_state` when the reservation was released.
    public func commit(
        reservationID: String, idempotencyKey: String? = nil, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> ReservationStateResult {
        try await rpc.fastCall(
            "inventory.commit", params: ReservationIDParams(reservationID: reservationID),
            idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID
        )
    }

    /// `inventory.ping`: which replica answered; no Redis access.
    public func ping(deadline: Duration? = nil) async throws(RPCError) -> PingResult {
        try await rpc.call("inventory.ping", params: Empty(), deadline: deadline)
    }

    /// `inventory.health`: whether the replica reaches Redis, and its circuit breakers.
    public func health(deadline: Duration? = nil) async throws(RPCError) -> HealthResult {
        try await rpc.call("inventory.health", params: Empty(), deadline: deadline)
    }
}
