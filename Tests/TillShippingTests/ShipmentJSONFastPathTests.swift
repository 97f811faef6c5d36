import Foundation
import Testing
import TillAPI
import TillWire

/// `shipping.create` params and result go through Till's JSON reader and writer on the server;
/// these keep that path and the `Codable` one saying the same thing.
@Suite struct ShipmentJSONFastPathTests {
    private static func codableJSON(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    private static let params = CreateShipmentParams(
        shipmentID: "shp-1",
        orderID: "ord-1",
        address: ShippingAddress(name: "Ada \"A\" Lovelace", line1: "1 Main St", city: "London", postalCode: "N1 9GU", country: "GB"),
        items: [ShipmentItem(sku: "sku-a", quantity: 2), ShipmentItem(sku: "sku-b", quantity: 1)]
    )

    @Test func createParamsReadWhatDecodableReads() throws {
        let json = try Self.codableJSON(Self.params)
        let fast = try #require(CreateShipmentParams(jsonValue: json))
        let slow = try JSONDecoder().decode(CreateShipmentParams.self, from: JSONEncoder().encode(Self.params))
        #expect(fast == slow)
        #expect(fast == Self.params)
    }

    @Test func createParamsLeaveUnusualShapesToDecodable() throws {
        guard case .object(var members) = try Self.codableJSON(Self.params) else {
            Issue.record("params are not an object")
            return
        }
        members["items"] = [["sku": "a", "quantity": 1.5]]
        #expect(CreateShipmentParams(jsonValue: .object(members)) == nil)
        members["items"] = nil
        #expect(CreateShipmentParams(jsonValue: .object(members)) == nil)
    }

    @Test func createResultWritesWhatEncodableWrites() throws {
        let result = CreateShipmentResult(shipmentID: "shp-1", carrier: "till-post", trackingNumber: "TP123")
        #expect(result.jsonValue == (try Self.codableJSON(result)))
    }
}
