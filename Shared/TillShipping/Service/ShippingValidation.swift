import Foundation
import TillAPI
import TillWire

/// Range and format checks the decoder cannot make; each failure names its field's JSON path.
enum ShippingValidation {
    static let maxItems = 100

    /// 1–64 characters `[A-Za-z0-9_.:-]`.
    static func id(_ value: String, field: String) throws(WireError) {
        let allowed = value.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: ":"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
        guard (1...64).contains(value.utf8.count), allowed else {
            throw .badRequest(field: field, "must be 1-64 characters [A-Za-z0-9_.:-]")
        }
    }

    static func create(_ params: CreateShipmentParams) throws(WireError) {
        try id(params.shipmentID, field: "shipment_id")
        try id(params.orderID, field: "order_id")
        let address = params.address
        for (value, field, limit) in [
            (address.name, "address.name", 200), (address.line1, "address.line1", 200),
            (address.city, "address.city", 100), (address.postalCode, "address.postal_code", 16),
        ] {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, value.count <= limit else {
                throw .badRequest(field: field, "must be 1-\(limit) characters")
            }
        }
        guard address.country.utf8.count == 2, address.country.utf8.allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) else {
            throw .badRequest(field: "address.country", "must be an ISO 3166-1 alpha-2 code")
        }
        guard (1...maxItems).contains(params.items.count) else {
            throw .badRequest(field: "items", "must have 1-\(maxItems) items")
        }
        for (index, item) in params.items.enumerated() {
            try id(item.sku, field: "items[\(index)].sku")
            guard item.quantity >= 1 else { throw .badRequest(field: "items[\(index)].quantity", "must be >= 1") }
        }
    }
}
