import Foundation
import Logging
import TillAPI
import TillRedis

/// Stock and reservations in Redis: the domain logic behind the `inventory.*` methods.
///
/// Every script it runs touches the keys of one Redis Cluster slot only: a sku's stock and holds
/// (`{sku:<sku>}`), or a reservation's record (`{res:<id>}`). See `docs/DESIGN-NOTES.md`,
/// "Inventory reservations", for how a reservation spanning several slots stays all-or-nothing.
///
/// A one-slot `reserve` costs one script call on a single Redis server (claim the record and hold
/// the stock together), two with ``SlotPolicy/perSlot``; its event is published from inside the
/// script that holds.
public struct InventoryStore: Sendable {
    /// Whether a script may touch keys of more than one Redis Cluster slot.
    public enum SlotPolicy: Sendable, Hashable {
        /// One Redis server (what ``RedisClient`` talks to): a one-slot reservation's claim (the
        /// record's slot) and hold (the sku's slot) run as one atomic script.
        case singleServer
        /// Redis Cluster: every script touches the keys of one slot only, so a one-slot
        /// reservation is claimed and held by two scripts in turn.
        case perSlot
    }

    /// How scripts are cut along slots: ``SlotPolicy/perSlot`` when `redis` talks to a Redis
    /// Cluster, ``SlotPolicy/singleServer`` otherwise, unless set.
    public var slotPolicy: SlotPolicy
    /// How long released and committed reservations (and their markers) are remembered, so that
    /// replays within that time get the first outcome.
    public var terminalTTLSeconds: Int = 7 * 24 * 3600
    /// How long a multi-slot reserve owns its reservation before a duplicate may take over.
    public var leaseMilliseconds: Int64 = 10_000

    let redis: RedisClient
    let logger: Logger

    public init(redis: RedisClient, logger: Logger) {
        self.redis = redis
        self.logger = logger
        self.slotPolicy = redis.configuration.isCluster ? .perSlot : .singleServer
    }

    /// Sets `on_hand` and the unit price of a sku, creating it if needed.
    /// - Throws: ``InventoryError/onHandBelowReserved(sku:onHand:reserved:)``.
    public func setStock(_ params: StockSetParams) async throws(InventoryError) -> StockView {
        let reply = try await run(
            StockScripts.set,
            keys: [InventoryKeys.stock(params.sku)],
            arguments: [params.onHand, params.price.amount, params.price.currency]
        )
        guard reply.count == 2, let reserved = Int64(reply[1]) else { throw .corruptState("stock.set reply") }
        guard reply[0] == "ok" else {
            throw .onHandBelowReserved(sku: params.sku, onHand: params.onHand, reserved: reserved)
        }
        return StockView(sku: params.sku, onHand: params.onHand, reserved: reserved, price: params.price)
    }

    /// The stock of `sku`.
    /// - Throws: ``InventoryError/skuNotFound(sku:)``.
    public func stock(sku: String) async throws(InventoryError) -> StockView {
        let reply: RESPValue
        do {
            reply = try await redis.send("HMGET", InventoryKeys.stock(sku), "on_hand", "reserved", "amount", "currency")
        } catch {
            throw .redis(error)
        }
        guard let fields = reply.array, fields.count == 4, !fields[0].isNull else { throw .skuNotFound(sku: sku) }
        guard let onHand = fields[0].string.flatMap({ Int64($0) }),
              let reserved = fields[1].string.flatMap({ Int64($0) }),
              let amount = fields[2].string.flatMap({ Int64($0) }),
              let currency = fields[3].string
        else { throw .corruptState("stock of \(sku)") }
        return StockView(sku: sku, onHand: onHand, reserved: reserved, price: Price(amount: amount, currency: currency))
    }

    /// Runs `script` and returns its reply as strings.
    func run(
        _ script: RedisScript,
        keys: [String],
        arguments: [any RedisArgumentConvertible]
    ) async throws(InventoryError) -> [String] {
        do {
            return try await redis.evaluate(script, keys: keys, arguments: arguments).strings
        } catch {
            throw .redis(error)
        }
    }

    /// Milliseconds since the Unix epoch, for leases shared by replicas.
    static func nowMilliseconds() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }
}
