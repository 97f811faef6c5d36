import TillAPI
import TillRedis
import TillResilience
import TillWire

/// Why a shipping method failed; ``wireError`` is its one wire form.
public enum ShippingError: Error, Sendable, Equatable, WireErrorConvertible {
    case addressRejected(postalCode: String)
    /// The carrier failed after retries, or its circuit is open.
    case carrierUnavailable(retryAfterMilliseconds: Int64?)
    case notFound(shipmentID: String)
    /// The shipment was cancelled (possibly before it arrived).
    case cancelled(shipmentID: String)
    /// The shipment left the warehouse and can no longer be cancelled.
    case dispatched(shipmentID: String)
    case idempotencyConflict(shipmentID: String)
    /// Another request is creating the same shipment right now.
    case inProgress(shipmentID: String)
    case deadlineExceeded
    case redis(RedisError)
    case corruptState(String)

    public var wireError: WireError {
        switch self {
        case .addressRejected(let postalCode):
            return WireError(.addressRejected, "the carrier rejected the address", details: ["field": "address.postal_code", "postal_code": .string(postalCode)])
        case .carrierUnavailable(let retryAfter):
            return WireError(.unavailable, "the carrier is unavailable", details: retryAfter.map { ["retry_after_ms": .integer($0)] })
        case .notFound(let id):
            return WireError(.notFound, "no shipment \(id)", details: ["shipment_id": .string(id)])
        case .cancelled(let id):
            return WireError(.invalidState, "shipment \(id) was cancelled", details: ["shipment_id": .string(id)])
        case .dispatched(let id):
            return WireError(.invalidState, "shipment \(id) was already dispatched", details: ["shipment_id": .string(id)])
        case .idempotencyConflict(let id):
            return WireError(.idempotencyConflict, "shipment \(id) was created with different params")
        case .inProgress(let id):
            return WireError(.idempotencyInProgress, "shipment \(id) is being created")
        case .deadlineExceeded:
            return WireError(.deadlineExceeded, "the request's deadline passed")
        case .redis(let error):
            return error.isRetriable ? WireError(.unavailable, "redis is unavailable") : WireError(.internal, "redis command failed")
        case .corruptState:
            return WireError(.internal, "stored shipment state is unreadable")
        }
    }

    public static func == (lhs: ShippingError, rhs: ShippingError) -> Bool {
        lhs.wireError == rhs.wireError
    }
}
