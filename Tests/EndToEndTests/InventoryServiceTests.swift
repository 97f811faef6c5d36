import Foundation
import Testing
import TillAPI
import TillInventory
import TillService
import TillTestSupport
import TillWire

/// `till-inventory` started for real against a real redis-server, called over TCP.
@Suite(.serialized, .timeLimit(.minutes(4))) struct InventoryServiceTests {
    @Test func reservationLifecycleOverTheWire() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start("till-inventory", redis: redis)

        try await withClient(to: process) { client in
            let price = Price(amount: 1_999, currency: "USD")
            let set = try await client.call("inventory.stock.set", params: StockSetParams(sku: "sku-1", onHand: 10, price: price), as: StockView.self)
            #expect(set == StockView(sku: "sku-1", onHand: 10, reserved: 0, price: price))

            let reserve = ReserveParams(reservationID: "res-1", items: [ReserveItem(sku: "sku-1", quantity: 3)])
            let reserved = try await client.call("inventory.reserve", params: reserve, as: ReserveResult.self)
            #expect(reserved.state == "reserved")
            #expect(reserved.items == [ReservedItem(sku: "sku-1", quantity: 3, unitPrice: price)])
            #expect(try await client.call("inventory.reserve", params: reserve, as: ReserveResult.self) == reserved)

            let view = try await client.call("inventory.stock.get", params: StockGetParams(sku: "sku-1"), as: StockView.self)
            #expect(view.available == 7 && view.reserved == 3)

            let committed = try await client.call("inventory.commit", params: ReservationIDParams(reservationID: "res-1"), as: ReservationStateResult.self)
            #expect(committed.state == "committed")
            try await expectError(.invalidState) {
                _ = try await client.call("inventory.release", params: ReservationIDParams(reservationID: "res-1"), as: ReservationStateResult.self)
            }
            #expect(try await client.call("inventory.stock.get", params: StockGetParams(sku: "sku-1"), as: StockView.self).onHand == 7)

            // Release first, then the late reserve: refused, nothing held.
            let released = try await client.call("inventory.release", params: ReservationIDParams(reservationID: "res-2"), as: ReservationStateResult.self)
            #expect(released.state == "released")
            try await expectError(.invalidState) {
                _ = try await client.call("inventory.reserve", params: ReserveParams(reservationID: "res-2", items: [ReserveItem(sku: "sku-1", quantity: 1)]), as: ReserveResult.self)
            }

            let error = try await expectError(.insufficientStock) {
                _ = try await client.call("inventory.reserve", params: ReserveParams(reservationID: "res-3", items: [ReserveItem(sku: "sku-1", quantity: 8)]), as: ReserveResult.self)
            }
            #expect(error.details?["available"]?.integerValue == 7)
            #expect(error.details?["requested"]?.integerValue == 8)
            try await expectError(.notFound) {
                _ = try await client.call("inventory.stock.get", params: StockGetParams(sku: "nope"), as: StockView.self)
            }
            try await expectError(.idempotencyConflict) {
                _ = try await client.call("inventory.reserve", params: ReserveParams(reservationID: "res-1", items: [ReserveItem(sku: "sku-1", quantity: 1)]), as: ReserveResult.self)
            }
        }

        let metrics = try await RawHTTP.send("GET", "/metrics", port: process.adminPort)
        #expect(metrics.body.contains(#"till_rpc_requests_total{method="inventory.reserve",code="ok"}"#)
            || metrics.body.contains(#"till_rpc_requests_total{code="ok",method="inventory.reserve"}"#))
        #expect(metrics.body.contains("insufficient_stock"))
        #expect(metrics.body.contains("till_rpc_request_duration"))
        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
    }

    static let invalidParams: [(method: String, json: String, field: String)] = [
        ("inventory.reserve", #"{"reservation_id": "r", "items": [{"sku": "a", "quantity": 0}]}"#, "items[0].quantity"),
        ("inventory.reserve", #"{"reservation_id": "r", "items": [{"sku": "a", "quantity": "1"}]}"#, "items[0].quantity"),
        ("inventory.reserve", #"{"reservation_id": "bad id!", "items": [{"sku": "a", "quantity": 1}]}"#, "reservation_id"),
        ("inventory.reserve", #"{"reservation_id": "r", "items": []}"#, "items"),
        ("inventory.reserve", #"{"reservation_id": "r", "items": [{"sku": "a", "quantity": 1}, {"sku": "a", "quantity": 2}]}"#, "items[1].sku"),
        ("inventory.reserve", #"{"items": [{"sku": "a", "quantity": 1}]}"#, "reservation_id"),
        ("inventory.stock.set", #"{"sku": "a", "on_hand": -1, "price": {"amount": 1, "currency": "USD"}}"#, "on_hand"),
        ("inventory.stock.set", #"{"sku": "a", "on_hand": 1, "price": {"amount": 1, "currency": "XYZ"}}"#, "price.currency"),
        ("inventory.stock.set", #"{"sku": "a", "on_hand": 1, "price": {"amount": -5, "currency": "USD"}}"#, "price.amount"),
        ("inventory.stock.set", #"{"sku": "", "on_hand": 1, "price": {"amount": 1, "currency": "USD"}}"#, "sku"),
        ("inventory.stock.get", #"{"sku": "a/b"}"#, "sku"),
        ("inventory.release", #"{"reservation_id": 7}"#, "reservation_id"),
        ("inventory.commit", #"{}"#, "reservation_id"),
    ]

    @Test func everyMethodValidatesItsParams() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start("till-inventory", redis: redis)
        try await withClient(to: process) { client in
            for invalid in Self.invalidParams {
                let params = try JSONDecoder().decode(JSONValue.self, from: Data(invalid.json.utf8))
                let error = try await expectError(.badRequest) { _ = try await client.call(invalid.method, params: params) }
                #expect(error.details?["field"]?.stringValue == invalid.field, "\(invalid.method) \(invalid.json)")
            }
        }
        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
    }

    /// 64 concurrent clients, two replicas, stock 100, 1,000 reserves of 1.
    @Test func twoReplicasSellExactlyTheStock() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let replicas = [
            try await ServiceProcess.start("till-inventory", redis: redis),
            try await ServiceProcess.start("till-inventory", redis: redis),
        ]
        try await withClient(to: replicas[0]) { client in
            _ = try await client.call("inventory.stock.set", params: StockSetParams(sku: "scarce", onHand: 100, price: Price(amount: 500, currency: "EUR")), as: StockView.self)
        }
        let tally = try await withThrowingTaskGroup(of: [String: Int].self) { group in
            for worker in 0..<64 {
                group.addTask {
                    try await withClient(to: replicas[worker % 2], name: "load-\(worker)") { client in
                        var codes: [String: Int] = [:]
                        for request in stride(from: worker, to: 1_000, by: 64) {
                            let params = ReserveParams(reservationID: "scarce-\(request)", items: [ReserveItem(sku: "scarce", quantity: 1)])
                            do throws(RPCError) {
                                _ = try await client.call("inventory.reserve", params: params, as: ReserveResult.self, deadline: .seconds(30))
                                codes["ok", default: 0] += 1
                            } catch {
                                codes[error.code.rawValue, default: 0] += 1
                            }
                        }
                        return codes
                    }
                }
            }
            return try await group.reduce(into: [String: Int]()) { $0.merge($1, uniquingKeysWith: +) }
        }
        #expect(tally == ["ok": 100, "insufficient_stock": 900])
        try await withClient(to: replicas[1]) { client in
            let view = try await client.call("inventory.stock.get", params: StockGetParams(sku: "scarce"), as: StockView.self)
            #expect(view.available == 0 && view.reserved == 100 && view.onHand == 100)
        }
        for replica in replicas {
            let metrics = try await RawHTTP.send("GET", "/metrics", port: replica.adminPort)
            #expect(metrics.body.contains("till_redis_commands_total"))
            replica.signal(SIGTERM)
            #expect(try await replica.waitForExit() == 0)
        }
    }
}

/// Runs `body`, expecting it to fail with the server error `code`; returns the error.
@discardableResult
func expectError(
    _ code: WireErrorCode,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async throws -> RPCError {
    do {
        try await body()
    } catch let error as RPCError {
        #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        return error
    }
    Issue.record("expected \(code.rawValue), got success", sourceLocation: sourceLocation)
    return RPCError(code: code, message: "no error", retriable: false, source: .local)
}
