import Foundation
import Testing
import TillAPI
import TillInventory
import TillRedis
import TillTestSupport

@Suite(.redisServer(), .timeLimit(.minutes(2)))
struct InventoryStoreLiveTests {
    @Test func stockSetAndGet() async throws {
        try await InventoryLive.withStore { store, _ in
            let sku = InventoryLive.id("sku")
            await #expect(throws: InventoryError.skuNotFound(sku: sku)) { try await store.stock(sku: sku) }
            let set = try await store.setStock(StockSetParams(sku: sku, onHand: 5, price: InventoryLive.usd(1_299)))
            #expect(set == StockView(sku: sku, onHand: 5, reserved: 0, price: InventoryLive.usd(1_299)))
            #expect(try await store.stock(sku: sku) == set)
        }
    }

    @Test func onHandCannotDropBelowReserved() async throws {
        try await InventoryLive.withStore { store, _ in
            let sku = InventoryLive.id("sku")
            _ = try await store.setStock(StockSetParams(sku: sku, onHand: 5, price: InventoryLive.usd(100)))
            _ = try await store.reserve(ReserveParams(reservationID: InventoryLive.id("r"), items: [ReserveItem(sku: sku, quantity: 3)]))
            await #expect(throws: InventoryError.onHandBelowReserved(sku: sku, onHand: 2, reserved: 3)) {
                try await store.setStock(StockSetParams(sku: sku, onHand: 2, price: InventoryLive.usd(100)))
            }
            let view = try await store.setStock(StockSetParams(sku: sku, onHand: 3, price: InventoryLive.usd(100)))
            #expect(view.available == 0 && view.reserved == 3)
        }
    }

    /// The hot path's budget: two script calls (claim + hold), the event published inside.
    @Test func reserveSendsTwoCommandsAndPublishesItsEvent() async throws {
        try await InventoryLive.withStore { store, redis in
            let sku = InventoryLive.id("sku")
            _ = try await store.setStock(StockSetParams(sku: sku, onHand: 10, price: InventoryLive.usd(250)))
            // Load the scripts first: the first EVALSHA of a script also sends SCRIPT LOAD.
            _ = try await store.reserve(ReserveParams(reservationID: InventoryLive.id("warm"), items: [ReserveItem(sku: sku, quantity: 1)]))

            let listener = RedisClient(configuration: try RedisConfiguration(url: RedisServerScope.server.url), logger: InventoryLive.logger)
            defer { Task { await listener.shutdown() } }
            let events = try await listener.subscribe([InventoryKeys.eventsChannel])

            let id = InventoryLive.id("r")
            let before = redis.commandsSent
            let result = try await store.reserve(
                ReserveParams(reservationID: id, items: [ReserveItem(sku: sku, quantity: 2)]),
                traceID: "trace-1"
            )
            #expect(redis.commandsSent - before == 2)
            #expect(result == ReserveResult(reservationID: id, items: [ReservedItem(sku: sku, quantity: 2, unitPrice: InventoryLive.usd(250))]))

            // Other tests of the suite publish on the same channel: find this reservation's event.
            var iterator = events.makeAsyncIterator()
            var found: [String: Any]?
            while found == nil, let message = await iterator.next() {
                let candidate = try JSONSerialization.jsonObject(with: Data(message.string.utf8)) as? [String: Any]
                if candidate?["reservation_id"] as? String == id { found = candidate }
            }
            let event = try #require(found)
            #expect(event["type"] as? String == "inventory.reserved")
            #expect(event["reservation_id"] as? String == id)
            #expect(event["trace_id"] as? String == "trace-1")
            #expect(event["at"] is Int)
            let items = try #require(event["items"] as? [[String: Any]])
            #expect(items.first?["sku"] as? String == sku)
            #expect(items.first?["quantity"] as? Int == 2)
        }
    }

    @Test func reserveIsIdempotentOnItsID() async throws {
        try await InventoryLive.withStore { store, _ in
            let sku = InventoryLive.id("sku")
            _ = try await store.setStock(StockSetParams(sku: sku, onHand: 10, price: InventoryLive.usd(100)))
            let params = ReserveParams(reservationID: InventoryLive.id("r"), items: [ReserveItem(sku: sku, quantity: 4)])
            let first = try await store.reserve(params)
            // A price change after the hold does not change the replayed result.
            _ = try await store.setStock(StockSetParams(sku: sku, onHand: 10, price: InventoryLive.usd(999)))
            #expect(try await store.reserve(params) == first)
            #expect(try await store.stock(sku: sku).reserved == 4)

            var other = params
            other.items[0].quantity = 5
            await #expect(throws: InventoryError.idempotencyConflict(reservationID: params.reservationID)) {
                try await store.reserve(other)
            }
        }
    }

    @Test func insufficientAndUnknownStockHoldNothing() async throws {
        try await InventoryLive.withStore { store, _ in
            let sku = InventoryLive.id("sku")
            let sameSlot = InventoryLive.skuInSameSlot(as: sku)
            _ = try await store.setStock(StockSetParams(sku: sku, onHand: 10, price: InventoryLive.usd(100)))
            _ = try await store.setStock(StockSetParams(sku: sameSlot, onHand: 1, price: InventoryLive.usd(100)))
            let id = InventoryLive.id("r")
            await #expect(throws: InventoryError.insufficientStock(sku: sameSlot, requested: 2, available: 1)) {
                try await store.reserve(ReserveParams(reservationID: id, items: [
                    ReserveItem(sku: sku, quantity: 3), ReserveItem(sku: sameSlot, quantity: 2),
                ]))
            }
            #expect(try await store.stock(sku: sku).reserved == 0)
            let missing = InventoryLive.id("nosku")
            await #expect(throws: InventoryError.skuNotFound(sku: missing)) {
                try await store.reserve(ReserveParams(reservationID: InventoryLive.id("r"), items: [ReserveItem(sku: missing, quantity: 1)]))
            }
            // A retry of the failed id, once stock is there, succeeds.
            _ = try await store.setStock(StockSetParams(sku: sameSlot, onHand: 2, price: InventoryLive.usd(100)))
            let retried = try await store.reserve(ReserveParams(reservationID: id, items: [
                ReserveItem(sku: sku, quantity: 3), ReserveItem(sku: sameSlot, quantity: 2),
            ]))
            #expect(retried.items.map(\.sku) == [sku, sameSlot])
            #expect(try await store.stock(sku: sameSlot).available == 0)
        }
    }

    @Test func releaseReturnsStockAndIsIdempotent() async throws {
        try await InventoryLive.withStore { store, _ in
            let sku = InventoryLive.id("sku")
            _ = try await store.setStock(StockSetParams(sku: sku, onHand: 10, price: InventoryLive.usd(100)))
            let params = ReserveParams(reservationID: InventoryLive.id("r"), items: [ReserveItem(sku: sku, quantity: 4)])
            _ = try await store.reserve(params)
            for _ in 0..<2 {
                #expect(try await store.release(reservationID: params.reservationID).state == "released")
                #expect(try await store.stock(sku: sku).available == 10)
            }
            await #expect(throws: InventoryError.released(reservationID: params.reservationID)) { try await store.reserve(params) }
            await #expect(throws: InventoryError.released(reservationID: params.reservationID)) {
                try await store.commit(reservationID: params.reservationID)
            }
        }
    }

    /// A release that arrives before its reserve leaves a tombstone: the late reserve holds nothing.
    @Test func releaseBeforeReserveRefusesTheLateReserve() async throws {
        try await InventoryLive.withStore { store, _ in
            let sku = InventoryLive.id("sku")
            _ = try await store.setStock(StockSetParams(sku: sku, onHand: 10, price: InventoryLive.usd(100)))
            let id = InventoryLive.id("r")
            #expect(try await store.release(reservationID: id).state == "released")
            await #expect(throws: InventoryError.released(reservationID: id)) {
                try await store.reserve(ReserveParams(reservationID: id, items: [ReserveItem(sku: sku, quantity: 1)]))
            }
            #expect(try await store.stock(sku: sku).reserved == 0)
        }
    }

    @Test func commitTakesStockOutOfOnHandOnce() async throws {
        try await InventoryLive.withStore { store, _ in
            let sku = InventoryLive.id("sku")
            _ = try await store.setStock(StockSetParams(sku: sku, onHand: 10, price: InventoryLive.usd(100)))
            let params = ReserveParams(reservationID: InventoryLive.id("r"), items: [ReserveItem(sku: sku, quantity: 4)])
            _ = try await store.reserve(params)
            for _ in 0..<2 {
                #expect(try await store.commit(reservationID: params.reservationID).state == "committed")
                let view = try await store.stock(sku: sku)
                #expect(view.onHand == 6 && view.reserved == 0 && view.available == 6)
            }
            // A replayed reserve gets its result again and holds nothing more.
            #expect(try await store.reserve(params).items.first?.quantity == 4)
            #expect(try await store.stock(sku: sku).reserved == 0)
            await #expect(throws: InventoryError.committed(reservationID: params.reservationID)) {
                try await store.release(reservationID: params.reservationID)
            }
            await #expect(throws: InventoryError.reservationNotFound(reservationID: "never")) {
                try await store.commit(reservationID: "never")
            }
        }
    }

    @Test func commitOfAFailedReservationIsRefused() async throws {
        try await InventoryLive.withStore { store, _ in
            let sku = InventoryLive.id("sku")
            _ = try await store.setStock(StockSetParams(sku: sku, onHand: 1, price: InventoryLive.usd(100)))
            let id = InventoryLive.id("r")
            await #expect(throws: InventoryError.self) {
                try await store.reserve(ReserveParams(reservationID: id, items: [ReserveItem(sku: sku, quantity: 2)]))
            }
            await #expect(throws: InventoryError.notHeld(reservationID: id)) { try await store.commit(reservationID: id) }
            #expect(try await store.stock(sku: sku).onHand == 1)
            // Still releasable afterwards (the commit attempt was undone).
            #expect(try await store.release(reservationID: id).state == "released")
        }
    }
}

extension InventoryStoreLiveTests {
    @Test func reservePastItsDeadlineHoldsNothing() async throws {
        try await InventoryLive.withStore { store, _ in
            let sku = InventoryLive.id("sku")
            let other = InventoryLive.skuInOtherSlot(than: sku)
            for sku in [sku, other] {
                _ = try await store.setStock(StockSetParams(sku: sku, onHand: 5, price: InventoryLive.usd(100)))
            }
            let id = InventoryLive.id("r")
            await #expect(throws: InventoryError.deadlineExceeded) {
                try await store.reserve(
                    ReserveParams(reservationID: id, items: [ReserveItem(sku: sku, quantity: 1), ReserveItem(sku: other, quantity: 1)]),
                    deadline: .now - .seconds(1)
                )
            }
            #expect(try await store.stock(sku: sku).reserved == 0)
            #expect(try await store.stock(sku: other).reserved == 0)
        }
    }
}
