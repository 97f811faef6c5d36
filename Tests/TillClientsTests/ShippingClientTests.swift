import Testing
import TillAPI
import TillClients
import TillTestSupport
import TillWire

/// `ShippingClient` against a real `till-shipping` on a real redis-server.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ShippingClientTests {
    static func params(_ id: String, postalCode: String = "10115") -> CreateShipmentParams {
        CreateShipmentParams(
            shipmentID: id, orderID: "ord-\(id)",
            address: ShippingAddress(name: "Ada", line1: "Main St 1", city: "Berlin", postalCode: postalCode, country: "DE"),
            items: [ShipmentItem(sku: "sku-1", quantity: 1)]
        )
    }

    @Test func everyMethodRoundTripsAndErrorsArriveTyped() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start("till-shipping", redis: redis, environment: ["TILL_CARRIER_LATENCY_MS": "5"])
        defer { process.kill() }

        try await withRPC(try endpoint(of: .shipping, at: process)) { rpc in
            let shipping = ShippingClient(rpc: rpc)
            #expect(try await shipping.ping().service == "shipping")
            #expect(try await shipping.health().breakers["carrier"] != nil)

            let events = try await eventsPublished(on: redis, until: { $0["shipment_id"]?.stringValue == "shp-1" }) {
                let created = try await shipping.create(Self.params("shp-1"), traceID: "trace-shp-1")
                #expect(created.state == "created")
                #expect(!created.trackingNumber.isEmpty)
                #expect(try await shipping.create(Self.params("shp-1")) == created)
                let view = try await shipping.get(shipmentID: "shp-1")
                #expect(view == ShipmentView(shipmentID: "shp-1", state: "created", trackingNumber: created.trackingNumber))
            }
            #expect(events.first { $0["shipment_id"]?.stringValue == "shp-1" }?["trace_id"]?.stringValue == "trace-shp-1")

            var conflicting = Self.params("shp-1")
            conflicting.orderID = "ord-other"
            await expectRPCError(.idempotencyConflict) { _ = try await shipping.create(conflicting) }
            #expect(try await shipping.cancel(shipmentID: "shp-1").state == "cancelled")
            #expect(try await shipping.get(shipmentID: "shp-1").state == "cancelled")
            await expectRPCError(.invalidState) { _ = try await shipping.create(Self.params("shp-1")) }

            let rejected = await expectRPCError(.addressRejected) {
                _ = try await shipping.create(Self.params("shp-2", postalCode: "00000"))
            }
            #expect(rejected?.source == .server)
            #expect(rejected?.retriable == false)
            #expect(rejected?.details?["field"]?.stringValue == "address.postal_code")

            let missing = await expectRPCError(.notFound) { _ = try await shipping.get(shipmentID: "shp-none") }
            #expect(missing?.details?["shipment_id"]?.stringValue == "shp-none")
        }
    }
}
