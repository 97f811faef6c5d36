import Foundation
import Logging
import TillAPI
import TillCrypto
import TillRedis
import TillResilience

/// Shipments in Redis and labels from the carrier: the logic behind the `shipping.*` methods.
///
/// `create` claims the shipment record (idempotent on `shipment_id`, refused after a cancel), asks
/// the carrier through the shared circuit breaker with retries, then records the label. The
/// tracking number is derived from the shipment id, so it is the same on every replay and every
/// replica, even if the carrier is asked twice.
public struct ShippingService: Sendable {
    /// How long cancelled shipments (tombstones included) are remembered.
    public var cancelledTTLSeconds: Int = 7 * 24 * 3600
    /// How long a `create` owns its shipment before a duplicate may take over.
    public var leaseMilliseconds: Int64 = 15_000

    let redis: RedisClient
    let carrier: any Carrier
    let breaker: CircuitBreaker
    let retryPolicy: RetryPolicy
    let logger: Logger

    public init(redis: RedisClient, carrier: any Carrier, breaker: CircuitBreaker, retryPolicy: RetryPolicy = RetryPolicy(), logger: Logger) {
        self.redis = redis
        self.carrier = carrier
        self.breaker = breaker
        self.retryPolicy = retryPolicy
        self.logger = logger
    }

    /// The record of `shipmentID`.
    public static func key(_ shipmentID: String) -> String { "till:{shp:\(shipmentID)}:shipment" }

    /// The tracking number of `shipmentID`: `TL` and 20 hex digits (80 bits) of its SHA-256.
    public static func trackingNumber(for shipmentID: String) -> String {
        "TL" + Hex.encode(Digest.sha256(Array("till-shipment|\(shipmentID)".utf8)).prefix(10)).uppercased()
    }

    /// Creates a shipment (or returns the one created before with the same params).
    public func create(
        _ params: CreateShipmentParams,
        traceID: String? = nil,
        deadline: ContinuousClock.Instant? = nil
    ) async throws(ShippingError) -> CreateShipmentResult {
        if let deadline, ContinuousClock.now >= deadline { throw .deadlineExceeded }
        let id = params.shipmentID
        let owner = UUID().uuidString
        let claim = try await run(
            ShipmentScripts.claim,
            keys: [Self.key(id)],
            arguments: [Self.paramsHash(params), Self.nowMilliseconds(), leaseMilliseconds, owner]
        )
        switch claim.first {
        case "proceed": break
        case "cancelled": throw .cancelled(shipmentID: id)
        case "conflict": throw .idempotencyConflict(shipmentID: id)
        case "busy": throw .inProgress(shipmentID: id)
        case "created" where claim.count == 3:
            return CreateShipmentResult(shipmentID: id, carrier: claim[1], trackingNumber: claim[2])
        default: throw .corruptState("claim reply")
        }

        let tracking = Self.trackingNumber(for: id)
        do throws(ShippingError) {
            try await askCarrier(params, trackingNumber: tracking, deadline: deadline)
        } catch {
            _ = try? await run(ShipmentScripts.abandon, keys: [Self.key(id)], arguments: [owner])
            throw error
        }
        let event = ShipmentEvent("shipment.created", shipmentID: id, traceID: traceID, orderID: params.orderID, trackingNumber: tracking)
        let state = try await run(
            ShipmentScripts.complete,
            keys: [Self.key(id)],
            arguments: [owner, carrier.name, tracking, Self.eventsChannel, event.json()]
        )
        switch state.first {
        case "creating":
            return CreateShipmentResult(shipmentID: id, carrier: carrier.name, trackingNumber: tracking)
        case "cancelled":
            // A cancel arrived while the carrier worked: the label is void, the create refused.
            throw .cancelled(shipmentID: id)
        case "created":
            // A duplicate that took over a lapsed lease finished first; same tracking number.
            return CreateShipmentResult(shipmentID: id, carrier: carrier.name, trackingNumber: tracking)
        default:
            throw .inProgress(shipmentID: id)
        }
    }

    /// Cancels a shipment; safe to repeat and safe before the create (tombstone).
    public func cancel(shipmentID id: String, traceID: String? = nil) async throws(ShippingError) -> ShipmentView {
        let event = ShipmentEvent("shipment.cancelled", shipmentID: id, traceID: traceID)
        let reply = try await run(
            ShipmentScripts.cancel,
            keys: [Self.key(id)],
            arguments: [cancelledTTLSeconds, Self.eventsChannel, event.json()]
        )
        switch reply.first {
        case "dispatched": throw .dispatched(shipmentID: id)
        case "cancelled": return ShipmentView(shipmentID: id, state: "cancelled", trackingNumber: nil)
        default: throw .corruptState("cancel reply")
        }
    }

    /// The state of a shipment.
    public func get(shipmentID id: String) async throws(ShippingError) -> ShipmentView {
        let reply: RESPValue
        do {
            reply = try await redis.send("HMGET", Self.key(id), "state", "tracking")
        } catch {
            throw .redis(error)
        }
        guard let fields = reply.array, fields.count == 2, let state = fields[0].string else { throw .notFound(shipmentID: id) }
        return ShipmentView(shipmentID: id, state: state, trackingNumber: fields[1].string)
    }

    /// The carrier call: retried on retriable failures within the deadline, behind the breaker.
    private func askCarrier(_ params: CreateShipmentParams, trackingNumber: String, deadline: ContinuousClock.Instant?) async throws(ShippingError) {
        do {
            try await retryPolicy.run(deadline: deadline) { (_: Int) async throws -> Void in
                if let deadline, ContinuousClock.now >= deadline { throw ShippingError.deadlineExceeded }
                try await breaker.run { () async throws -> Void in
                    try await carrier.createLabel(for: params, trackingNumber: trackingNumber)
                }
            }
        } catch let error as CarrierError {
            switch error {
            case .addressRejected(let postalCode): throw .addressRejected(postalCode: postalCode)
            case .unavailable: throw .carrierUnavailable(retryAfterMilliseconds: nil)
            }
        } catch let error as CircuitOpenError {
            throw .carrierUnavailable(retryAfterMilliseconds: error.retryAfterMilliseconds)
        } catch let error as ShippingError {
            throw error
        } catch {
            logger.warning("carrier breaker state unavailable", metadata: ["error": "\(error)"])
            throw .carrierUnavailable(retryAfterMilliseconds: nil)
        }
    }

    func run(_ script: RedisScript, keys: [String], arguments: [any RedisArgumentConvertible]) async throws(ShippingError) -> [String] {
        do {
            let reply = try await redis.evaluate(script, keys: keys, arguments: arguments)
            if let array = reply.array { return array.map { $0.string ?? "" } }
            return reply.string.map { [$0] } ?? []
        } catch {
            throw .redis(error)
        }
    }

    /// SHA-256 of the params' canonical JSON (sorted keys): a replay with other params is a conflict.
    static func paramsHash(_ params: CreateShipmentParams) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(params)) ?? Data()
        return Hex.encode(Digest.sha256(json))
    }

    static func nowMilliseconds() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// The pub/sub channel every Till event goes to.
    public static let eventsChannel = "till.events"
}
