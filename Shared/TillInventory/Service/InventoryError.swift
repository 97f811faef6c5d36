import TillAPI
import TillRedis
import TillWire

/// Why an inventory method failed; ``wireError`` is its one wire form.
public enum InventoryError: Error, Sendable, Equatable, WireErrorConvertible {
    /// `sku` has fewer than `requested` units available.
    case insufficientStock(sku: String, requested: Int64, available: Int64)
    /// No stock was ever set for `sku`.
    case skuNotFound(sku: String)
    /// No reservation with this id exists.
    case reservationNotFound(reservationID: String)
    /// `stock.set` would put `on_hand` below what is reserved.
    case onHandBelowReserved(sku: String, onHand: Int64, reserved: Int64)
    /// The reservation was released (possibly before it arrived): it can no longer hold or commit.
    case released(reservationID: String)
    /// The reservation was committed: it can no longer be released.
    case committed(reservationID: String)
    /// Commit of a reservation that holds no stock (its reserve failed or has not finished).
    case notHeld(reservationID: String)
    /// The same reservation id was used with different items.
    case idempotencyConflict(reservationID: String)
    /// Another request is placing the same multi-slot reservation right now.
    case inProgress(reservationID: String)
    /// The caller's deadline passed.
    case deadlineExceeded
    /// Redis failed or answered something unexpected.
    case redis(RedisError)
    /// A stored value could not be read back (a bug or hand-edited data).
    case corruptState(String)

    public var wireError: WireError {
        switch self {
        case .insufficientStock(let sku, let requested, let available):
            return WireError(
                .insufficientStock,
                "\(sku): \(requested) requested, \(available) available",
                details: ["sku": .string(sku), "requested": .integer(requested), "available": .integer(available)]
            )
        case .skuNotFound(let sku):
            return WireError(.notFound, "no stock for sku \(sku)", details: ["sku": .string(sku)])
        case .reservationNotFound(let id):
            return WireError(.notFound, "no reservation \(id)", details: ["reservation_id": .string(id)])
        case .onHandBelowReserved(let sku, let onHand, let reserved):
            return WireError(.invalidState, "\(sku): on_hand \(onHand) is below the \(reserved) reserved", details: ["sku": .string(sku)])
        case .released(let id):
            return WireError(.invalidState, "reservation \(id) was released", details: ["reservation_id": .string(id)])
        case .committed(let id):
            return WireError(.invalidState, "reservation \(id) was committed", details: ["reservation_id": .string(id)])
        case .notHeld(let id):
            return WireError(.invalidState, "reservation \(id) holds no stock", details: ["reservation_id": .string(id)])
        case .idempotencyConflict(let id):
            return WireError(.idempotencyConflict, "reservation \(id) was made with different items")
        case .inProgress(let id):
            return WireError(.idempotencyInProgress, "reservation \(id) is being placed")
        case .deadlineExceeded:
            return WireError(.deadlineExceeded, "the request's deadline passed")
        case .redis(let error):
            return error.isRetriable
                ? WireError(.unavailable, "redis is unavailable")
                : WireError(.internal, "redis command failed")
        case .corruptState:
            return WireError(.internal, "stored inventory state is unreadable")
        }
    }

    public static func == (lhs: InventoryError, rhs: InventoryError) -> Bool {
        lhs.wireError == rhs.wireError
    }
}
