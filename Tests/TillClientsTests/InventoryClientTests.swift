import Testing
import TillAPI
import TillClients
import TillTestSupport
import TillWire

/// `InventoryClient` against a real `till-inventory` on a real redis-server.
@Suite(.serialized, .timeLimit(.minutes(3))) struct InventoryClientTests {
    @Test func everyMethodRoundTripsAndErrorsArriveTyped() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start("till-inventory", redis: redis)
        defer { process.kill() }

        try await withRPC(try endpoint(of: .inventory, at: process)) { rpc in
            let inventory = InventoryClient(rpc: rpc)
            #expect(try await inventory.ping().service == "inventory")
            #expect(try await inventory.health().redis == "ok")

            let price = Price(amount: 1_250, currency: "USD")
            let set = try await inventory.setStock(StockSetParams(sku: "sku-1", onHand: 5, price: price))
            #expect(set == StockView(sku: "sku-1", onHand: 5, reserved: 0, price: price))

            let reserve = ReserveParams(reservationID: "res-1", items: [ReserveItem(sku: "sku-1", quantity: 2)])
            let held = try await inventory.reserve(reserve)
            #expect(held == ReserveResult(reservationID: "res-1", items: [ReservedItem(sku: "sku-1", quantity: 2, unitPrice: price)]))
            #expect(try await inventory.getStock(sku: "sku-1").available == 3)
            #expect(try await inventory.commit(reservationID: "res-1").state == "committed")
            #expect(try await inventory.getStock(sku: "sku-1").onHand == 3)

            // A release before its reserve leaves a tombstone: the late reserve is refused.
            #expect(try await inventory.release(reservationID: "res-2").state == "released")
            await expectRPCError(.invalidState) {
                _ = try await inventory.reserve(ReserveParams(reservationID: "res-2", items: [ReserveItem(sku: "sku-1", quantity: 1)]))
            }

            let short = await expectRPCError(.insufficientStock) {
                _ = try await inventory.reserve(ReserveParams(reservationID: "res-3", items: [ReserveItem(sku: "sku-1", quantity: 4)]))
            }
            #expect(short?.source == .server)
            #expect(short?.retriable == false)
            #expect(short?.details?["sku"]?.stringValue == "sku-1")
            #expect(short?.details?["requested"]?.integerValue == 4)
            #expect(short?.details?["available"]?.integerValue == 3)

            let missing = await expectRPCError(.notFound) { _ = try await inventory.getStock(sku: "never-set") }
            #expect(missing?.source == .server)
            _ = try await inventory.reserve(ReserveParams(reservationID: "res-4", items: [ReserveItem(sku: "sku-1", quantity: 2)]))
            await expectRPCError(.invalidState) {
                _ = try await inventory.setStock(StockSetParams(sku: "sku-1", onHand: 1, price: price))
            }
            let invalid = await expectRPCError(.badRequest) {
                _ = try await inventory.setStock(StockSetParams(sku: "sku-1", onHand: -1, price: price))
            }
            #expect(invalid?.details?["field"]?.stringValue == "on_hand")
        }
    }

    @Test func callOptionsReachTheServer() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start("till-inventory", redis: redis)
        defer { process.kill() }

        try await withRPC(try endpoint(of: .inventory, at: process)) { rpc in
            let inventory = InventoryClient(rpc: rpc)
            _ = try await inventory.setStock(StockSetParams(sku: "sku-t", onHand: 1, price: Price(amount: 1, currency: "EUR")))

            // The trace id travels in the envelope; inventory stamps it on the event it publishes.
            let events = try await eventsPublished(on: redis, until: { $0["reservation_id"]?.stringValue == "res-traced" }) {
                _ = try await inventory.reserve(
                    ReserveParams(reservationID: "res-traced", items: [ReserveItem(sku: "sku-t", quantity: 1)]),
                    traceID: "trace-abc-123"
                )
            }
            let reserved = events.first { $0["reservation_id"]?.stringValue == "res-traced" }
            #expect(reserved?["trace_id"]?.stringValue == "trace-abc-123")

            // The server validates the idempotency key it was sent (1–255 characters).
            let badKey = await expectRPCError(.badRequest) {
                _ = try await inventory.release(reservationID: "res-k", idempotencyKey: String(repeating: "k", count: 256))
            }
            #expect(badKey?.details?["field"]?.stringValue == "idempotency_key")
            #expect(badKey?.source == .server)
            #expect(try await inventory.release(reservationID: "res-k", idempotencyKey: "release:res-k").state == "released")

            // A budget that is already spent fails as deadline_exceeded, retriable.
            let late = await expectRPCError(.deadlineExceeded) {
                _ = try await inventory.getStock(sku: "sku-t", deadline: .nanoseconds(1))
            }
            #expect(late?.retriable == true)
        }
    }
}
