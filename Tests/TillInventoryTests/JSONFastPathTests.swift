import Foundation
import Testing
import TillAPI
@testable import TillInventory
import TillWire

/// The hot-path types of `inventory.*` (and `ping`) are read and written by Till's JSON reader and
/// writer on the server; these tests keep that path and the `Codable` one saying the same thing.
@Suite struct JSONFastPathTests {
    private static func codableJSON(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    @Test func reserveResultWritesWhatEncodableWrites() throws {
        let result = ReserveResult(
            reservationID: "res-1",
            items: [
                ReservedItem(sku: "sku-a", quantity: 2, unitPrice: Price(amount: 4_999, currency: "USD")),
                ReservedItem(sku: "sku-\"b\"", quantity: 1, unitPrice: Price(amount: 0, currency: "EUR")),
            ]
        )
        #expect(result.jsonValue == (try Self.codableJSON(result)))
    }

    @Test func pingResultWritesWhatEncodableWrites() throws {
        let ping = PingResult(service: "inventory", version: "1.2.3", instance: "inventory-\\1")
        #expect(ping.jsonValue == (try Self.codableJSON(ping)))
    }

    @Test func reserveParamsReadWhatDecodableReads() throws {
        let params = ReserveParams(reservationID: "res-2", items: [ReserveItem(sku: "a", quantity: 3), ReserveItem(sku: "b", quantity: 1)])
        let json = try Self.codableJSON(params)
        let fast = try #require(ReserveParams(jsonValue: json))
        let slow = try JSONDecoder().decode(ReserveParams.self, from: JSONEncoder().encode(params))
        #expect(fast == slow)
    }

    @Test func reserveParamsLeaveUnusualShapesToDecodable() {
        #expect(ReserveParams(jsonValue: ["reservation_id": "r", "items": [["sku": "a", "quantity": "1"]]]) == nil)
        #expect(ReserveParams(jsonValue: ["items": []]) == nil)
    }

    @Test(arguments: [nil, "trace-1", "odd \"trace\" \\ \u{1}"])
    func eventTextIsTheEventAsJSON(traceID: String?) throws {
        let items = [ReservedItem(sku: "sku-a", quantity: 2, unitPrice: Price(amount: 4_999, currency: "USD"))]
        let event = InventoryEvent("inventory.reserved", reservationID: "res-3", traceID: traceID, items: items)
        var expected: [String: JSONValue] = [
            "type": "inventory.reserved", "at": .integer(event.at), "reservation_id": "res-3",
            "items": .array(items.map(\.jsonValue)),
        ]
        if let traceID { expected["trace_id"] = .string(traceID) }
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(event.json().utf8)) == .object(expected))
        // What the hold script appends to the open text once it knows the prices.
        let completed = event.openJSON() + #""items":"# + JSONValue.array(items.map(\.jsonValue)).jsonText + "}"
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(completed.utf8)) == .object(expected))

        var bare = event
        bare.items = nil
        expected["items"] = nil
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data(bare.json().utf8)) == .object(expected))
    }
}
