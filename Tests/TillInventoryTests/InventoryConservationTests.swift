import Testing
import TillAPI
import TillInventory
import TillRedis
import TillTestSupport

/// Conservation under concurrency: for every sku `on_hand == available + reserved`, nothing is
/// negative, and committed quantities add up to the drop in `on_hand`.
@Suite(.redisServer(), .timeLimit(.minutes(3)))
struct InventoryConservationTests {
    @Test func scarceSkuSellsExactlyItsStock() async throws {
        try await InventoryLive.withStore { store, _ in
            let sku = InventoryLive.id("scarce")
            _ = try await store.setStock(StockSetParams(sku: sku, onHand: 100, price: InventoryLive.usd(100)))
            let outcomes = try await withThrowingTaskGroup(of: (ok: Int, short: Int).self) { group in
                for worker in 0..<64 {
                    group.addTask {
                        var tally = (ok: 0, short: 0)
                        for request in stride(from: worker, to: 1_000, by: 64) {
                            do {
                                _ = try await store.reserve(ReserveParams(reservationID: "scarce-\(sku)-\(request)", items: [ReserveItem(sku: sku, quantity: 1)]))
                                tally.ok += 1
                            } catch InventoryError.insufficientStock {
                                tally.short += 1
                            }
                        }
                        return tally
                    }
                }
                return try await group.reduce(into: (ok: 0, short: 0)) { $0.ok += $1.ok; $0.short += $1.short }
            }
            #expect(outcomes.ok == 100)
            #expect(outcomes.short == 900)
            let view = try await store.stock(sku: sku)
            #expect(view.available == 0 && view.reserved == 100 && view.onHand == 100)
        }
    }

    /// Random reserve / release / commit of multi-sku (multi-slot) reservations from many tasks.
    @Test func mixedTrafficConservesStock() async throws {
        try await InventoryLive.withStore { store, _ in
            let base = InventoryLive.id("mix")
            let skus = [base, InventoryLive.skuInOtherSlot(than: base), InventoryLive.skuInSameSlot(as: base), "\(base)-d"]
            for sku in skus {
                _ = try await store.setStock(StockSetParams(sku: sku, onHand: 40, price: InventoryLive.usd(100)))
            }
            let totals = try await withThrowingTaskGroup(of: (committed: [String: Int64], held: [String: Int64]).self) { group in
                for worker in 0..<32 {
                    group.addTask {
                        var committed: [String: Int64] = [:]
                        var held: [String: Int64] = [:]
                        var generator = SystemRandomNumberGenerator()
                        for round in 0..<15 {
                            let picked = skus.shuffled(using: &generator).prefix(Int.random(in: 1...3, using: &generator))
                            let items = picked.map { ReserveItem(sku: $0, quantity: Int64.random(in: 1...4, using: &generator)) }
                            let id = "\(base)-\(worker)-\(round)"
                            do {
                                _ = try await store.reserve(ReserveParams(reservationID: id, items: items))
                            } catch InventoryError.insufficientStock {
                                _ = try await store.release(reservationID: id)
                                continue
                            }
                            if Bool.random(using: &generator) {
                                _ = try await store.commit(reservationID: id)
                                for item in items { committed[item.sku, default: 0] += item.quantity }
                            } else if Bool.random(using: &generator) {
                                _ = try await store.release(reservationID: id)
                            } else {
                                for item in items { held[item.sku, default: 0] += item.quantity }
                            }
                        }
                        return (committed, held)
                    }
                }
                return try await group.reduce(into: (committed: [String: Int64](), held: [String: Int64]())) { total, part in
                    total.committed.merge(part.committed, uniquingKeysWith: +)
                    total.held.merge(part.held, uniquingKeysWith: +)
                }
            }
            for sku in skus {
                let view = try await store.stock(sku: sku)
                #expect(view.onHand >= 0 && view.reserved >= 0 && view.available >= 0)
                #expect(view.onHand == view.available + view.reserved)
                #expect(40 - view.onHand == totals.committed[sku, default: 0], "sku \(sku)")
                #expect(view.reserved == totals.held[sku, default: 0], "sku \(sku)")
            }
        }
    }
}
