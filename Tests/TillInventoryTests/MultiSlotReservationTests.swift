import Testing
import TillAPI
import TillInventory
import TillRedis
import TillTestSupport

/// Reservations whose skus live in different Redis Cluster slots: ordered holds per slot, undone
/// on failure, and a reservation record that is marked `reserved` only once every slot holds.
@Suite(.redisServer(), .timeLimit(.minutes(2)))
struct MultiSlotReservationTests {
    @Test func holdsEverySlotOrNone() async throws {
        try await InventoryLive.withStore { store, _ in
            let first = InventoryLive.id("sku")
            let second = InventoryLive.skuInOtherSlot(than: first)
            _ = try await store.setStock(StockSetParams(sku: first, onHand: 10, price: InventoryLive.usd(100)))
            _ = try await store.setStock(StockSetParams(sku: second, onHand: 1, price: InventoryLive.usd(700)))

            let failing = ReserveParams(reservationID: InventoryLive.id("r"), items: [
                ReserveItem(sku: first, quantity: 3), ReserveItem(sku: second, quantity: 2),
            ])
            await #expect(throws: InventoryError.insufficientStock(sku: second, requested: 2, available: 1)) {
                try await store.reserve(failing)
            }
            #expect(try await store.stock(sku: first).reserved == 0)
            #expect(try await store.stock(sku: second).reserved == 0)

            let params = ReserveParams(reservationID: InventoryLive.id("r"), items: [
                ReserveItem(sku: second, quantity: 1), ReserveItem(sku: first, quantity: 3),
            ])
            let result = try await store.reserve(params)
            #expect(result.items == [
                ReservedItem(sku: second, quantity: 1, unitPrice: InventoryLive.usd(700)),
                ReservedItem(sku: first, quantity: 3, unitPrice: InventoryLive.usd(100)),
            ])
            #expect(try await store.reserve(params) == result)
            #expect(try await store.stock(sku: first).reserved == 3)

            _ = try await store.commit(reservationID: params.reservationID)
            #expect(try await store.stock(sku: first).onHand == 7)
            #expect(try await store.stock(sku: second).onHand == 0)
        }
    }

    @Test func releaseReturnsEverySlot() async throws {
        try await InventoryLive.withStore { store, _ in
            let first = InventoryLive.id("sku")
            let second = InventoryLive.skuInOtherSlot(than: first)
            for sku in [first, second] {
                _ = try await store.setStock(StockSetParams(sku: sku, onHand: 5, price: InventoryLive.usd(100)))
            }
            let params = ReserveParams(reservationID: InventoryLive.id("r"), items: [
                ReserveItem(sku: first, quantity: 5), ReserveItem(sku: second, quantity: 5),
            ])
            _ = try await store.reserve(params)
            _ = try await store.release(reservationID: params.reservationID)
            #expect(try await store.stock(sku: first).available == 5)
            #expect(try await store.stock(sku: second).available == 5)
            await #expect(throws: InventoryError.released(reservationID: params.reservationID)) { try await store.reserve(params) }
        }
    }

    /// Skus in one slot are held by one script even when there are several.
    @Test func sameSlotSkusNeedOneHoldScript() async throws {
        try await InventoryLive.withStore { store, redis in
            let first = InventoryLive.id("sku")
            let second = InventoryLive.skuInSameSlot(as: first)
            for sku in [first, second] {
                _ = try await store.setStock(StockSetParams(sku: sku, onHand: 5, price: InventoryLive.usd(100)))
            }
            _ = try await store.reserve(ReserveParams(reservationID: InventoryLive.id("warm"), items: [ReserveItem(sku: first, quantity: 1)]))
            let before = redis.commandsSent
            _ = try await store.reserve(ReserveParams(reservationID: InventoryLive.id("r"), items: [
                ReserveItem(sku: first, quantity: 1), ReserveItem(sku: second, quantity: 1),
            ]))
            #expect(redis.commandsSent - before == 2)
        }
    }
}
