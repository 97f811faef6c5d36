import Logging
import TillAPI
import TillInventory
import TillRedis
import TillTestSupport

/// Helpers for the live inventory suites: a store on the suite's redis-server.
enum InventoryLive {
    static let logger: Logger = {
        var logger = Logger(label: "till.inventory.tests")
        logger.logLevel = .critical
        return logger
    }()

    /// Runs `body` with a fresh client and store; shuts the client down afterwards.
    static func withStore<T>(_ body: (InventoryStore, RedisClient) async throws -> T) async throws -> T {
        let redis = RedisClient(configuration: try RedisConfiguration(url: RedisServerScope.server.url), logger: logger)
        do {
            let result = try await body(InventoryStore(redis: redis, logger: logger), redis)
            await redis.shutdown()
            return result
        } catch {
            await redis.shutdown()
            throw error
        }
    }

    /// A sku or reservation id no other test uses.
    static func id(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// A sku whose keys share a slot with `sku`'s (found by search; there are 16,384 slots).
    static func skuInSameSlot(as sku: String) -> String {
        let slot = HashSlot.of(InventoryKeys.stock(sku))
        var candidate = 0
        while true {
            let other = "\(sku)-\(candidate)"
            if HashSlot.of(InventoryKeys.stock(other)) == slot { return other }
            candidate += 1
        }
    }

    /// A sku whose keys live in a different slot from `sku`'s.
    static func skuInOtherSlot(than sku: String) -> String {
        let slot = HashSlot.of(InventoryKeys.stock(sku))
        var candidate = 0
        while true {
            let other = "\(sku)-x\(candidate)"
            if HashSlot.of(InventoryKeys.stock(other)) != slot { return other }
            candidate += 1
        }
    }

    static func usd(_ amount: Int64) -> Price { Price(amount: amount, currency: "USD") }
}
