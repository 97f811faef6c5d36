import TillAPI
import TillWire

/// Registers the `inventory.*` business methods on a router.
public enum InventoryMethods {
    /// Adds `inventory.stock.set`, `inventory.stock.get`, `inventory.reserve`, `inventory.release`
    /// and `inventory.commit`, validating params (`bad_request` naming the field) and honouring
    /// each request's deadline.
    public static func register(on router: inout RPCRouter, store: InventoryStore) {
        router.register("inventory.stock.set") { (params: StockSetParams, context: RPCContext) async throws -> StockView in
            try InventoryValidation.stockSet(params)
            try InventoryStore.check(context.deadline)
            return try await store.setStock(params)
        }
        router.register("inventory.stock.get") { (params: StockGetParams, context: RPCContext) async throws -> StockView in
            try InventoryValidation.id(params.sku, field: "sku")
            try InventoryStore.check(context.deadline)
            return try await store.stock(sku: params.sku)
        }
        router.register("inventory.reserve") { (params: ReserveParams, context: RPCContext) async throws -> ReserveResult in
            try InventoryValidation.reserve(params)
            return try await store.reserve(params, traceID: context.traceID, deadline: context.deadline)
        }
        router.register("inventory.release") { (params: ReservationIDParams, context: RPCContext) async throws -> ReservationStateResult in
            try InventoryValidation.id(params.reservationID, field: "reservation_id")
            try InventoryStore.check(context.deadline)
            return try await store.release(reservationID: params.reservationID, traceID: context.traceID)
        }
        router.register("inventory.commit") { (params: ReservationIDParams, context: RPCContext) async throws -> ReservationStateResult in
            try InventoryValidation.id(params.reservationID, field: "reservation_id")
            try InventoryStore.check(context.deadline)
            return try await store.commit(reservationID: params.reservationID, traceID: context.traceID)
        }
    }
}
