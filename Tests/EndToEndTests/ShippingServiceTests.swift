import Foundation
import Testing
import TillAPI
import TillService
import TillShipping
import TillTestSupport
import TillWire

/// `till-shipping` started for real against a real redis-server, called over TCP.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ShippingServiceTests {
    static func params(_ id: String, postalCode: String = "10115") -> CreateShipmentParams {
        CreateShipmentParams(
            shipmentID: id, orderID: "ord-\(id)",
            address: ShippingAddress(name: "Ada", line1: "Main St 1", city: "Berlin", postalCode: postalCode, country: "DE"),
            items: [ShipmentItem(sku: "sku-1", quantity: 1)]
        )
    }

    @Test func shipmentLifecycleOverTheWire() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start("till-shipping", redis: redis, environment: ["TILL_CARRIER_LATENCY_MS": "5"])

        try await withClient(to: process) { client in
            let created = try await client.call("shipping.create", params: Self.params("shp-1"), as: CreateShipmentResult.self)
            #expect(created.state == "created")
            #expect(created.carrier == "till-post")
            #expect(created.trackingNumber == ShippingService.trackingNumber(for: "shp-1"))
            #expect(try await client.call("shipping.create", params: Self.params("shp-1"), as: CreateShipmentResult.self) == created)
            let view = try await client.call("shipping.get", params: ShipmentIDParams(shipmentID: "shp-1"), as: ShipmentView.self)
            #expect(view.state == "created" && view.trackingNumber == created.trackingNumber)
            var conflicting = Self.params("shp-1")
            conflicting.orderID = "ord-other"
            try await expectError(.idempotencyConflict) {
                _ = try await client.call("shipping.create", params: conflicting, as: CreateShipmentResult.self)
            }

            let cancelled = try await client.call("shipping.cancel", params: ShipmentIDParams(shipmentID: "shp-1"), as: ShipmentView.self)
            #expect(cancelled.state == "cancelled")
            #expect(try await client.call("shipping.get", params: ShipmentIDParams(shipmentID: "shp-1"), as: ShipmentView.self).state == "cancelled")

            _ = try await client.call("shipping.cancel", params: ShipmentIDParams(shipmentID: "shp-2"), as: ShipmentView.self)
            try await expectError(.invalidState) {
                _ = try await client.call("shipping.create", params: Self.params("shp-2"), as: CreateShipmentResult.self)
            }
            try await expectError(.addressRejected) {
                _ = try await client.call("shipping.create", params: Self.params("shp-3", postalCode: "00000"), as: CreateShipmentResult.self)
            }
            try await expectError(.notFound) {
                _ = try await client.call("shipping.get", params: ShipmentIDParams(shipmentID: "shp-9"), as: ShipmentView.self)
            }

            let invalid: [(String, String)] = [
                (#"{"shipment_id": "s", "order_id": "o", "address": {"name": "A", "line1": "L", "city": "C", "postal_code": "1", "country": "de"}, "items": [{"sku": "a", "quantity": 1}]}"#, "address.country"),
                (#"{"shipment_id": "s", "order_id": "o", "address": {"name": "A", "line1": "L", "city": "C", "country": "DE"}, "items": [{"sku": "a", "quantity": 1}]}"#, "address.postal_code"),
                (#"{"shipment_id": "s", "order_id": "o", "address": {"name": "A", "line1": "L", "city": "C", "postal_code": "1", "country": "DE"}, "items": [{"sku": "a", "quantity": 0}]}"#, "items[0].quantity"),
                (#"{"shipment_id": "s s", "order_id": "o", "address": {"name": "A", "line1": "L", "city": "C", "postal_code": "1", "country": "DE"}, "items": [{"sku": "a", "quantity": 1}]}"#, "shipment_id"),
            ]
            for (json, field) in invalid {
                let params = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
                let error = try await expectError(.badRequest) { _ = try await client.call("shipping.create", params: params) }
                #expect(error.details?["field"]?.stringValue == field, "\(json)")
            }
        }
        let metrics = try await RawHTTP.send("GET", "/metrics", port: process.adminPort)
        #expect(metrics.body.contains("shipping.create"))
        #expect(metrics.body.contains("address_rejected"))
        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
    }

    @Test func failingCarrierAnswersRetriableUnavailable() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start(
            "till-shipping", redis: redis,
            environment: ["TILL_CARRIER_LATENCY_MS": "0", "TILL_CARRIER_FAILURE_RATE": "1"]
        )
        try await withClient(to: process) { client in
            let error = try await expectError(.unavailable) {
                _ = try await client.call("shipping.create", params: Self.params("shp-f"), as: CreateShipmentResult.self, deadline: .seconds(20))
            }
            #expect(error.retriable)
            #expect(error.source == .server)
        }
        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
    }

    @Test func invalidCarrierSettingStopsStartUp() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        await #expect(throws: (any Error).self) {
            _ = try await ServiceProcess.start("till-shipping", redis: redis, environment: ["TILL_CARRIER_FAILURE_RATE": "2"])
        }
    }
}
