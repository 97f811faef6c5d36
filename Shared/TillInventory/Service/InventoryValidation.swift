import TillAPI
import TillPayments
import TillWire

/// Range and format checks the decoder cannot make; each failure names its field's JSON path.
enum InventoryValidation {
    /// The largest `on_hand` or quantity accepted: Lua numbers are doubles, so counts stay far
    /// below 2^53 to keep arithmetic inside scripts exact.
    static let maxUnits: Int64 = 1_000_000_000_000
    /// The most lines one reservation may have.
    static let maxItems = 100

    /// 1–64 characters `[A-Za-z0-9_.:-]`.
    static func id(_ value: String, field: String) throws(WireError) {
        guard (1...64).contains(value.utf8.count), value.utf8.allSatisfy(isIDByte) else {
            throw .badRequest(field: field, "must be 1-64 characters [A-Za-z0-9_.:-]")
        }
    }

    static func price(_ price: Price, field: String) throws(WireError) {
        guard price.amount >= 0 else { throw .badRequest(field: "\(field).amount", "must be >= 0") }
        guard Currency(price.currency) != nil else {
            throw .badRequest(field: "\(field).currency", "must be an ISO 4217 currency code")
        }
    }

    static func stockSet(_ params: StockSetParams) throws(WireError) {
        try id(params.sku, field: "sku")
        guard (0...maxUnits).contains(params.onHand) else {
            throw .badRequest(field: "on_hand", "must be between 0 and \(maxUnits)")
        }
        try price(params.price, field: "price")
    }

    static func reserve(_ params: ReserveParams) throws(WireError) {
        try id(params.reservationID, field: "reservation_id")
        guard (1...maxItems).contains(params.items.count) else {
            throw .badRequest(field: "items", "must have 1-\(maxItems) items")
        }
        var seen = Set<String>()
        for (index, item) in params.items.enumerated() {
            try id(item.sku, field: "items[\(index)].sku")
            guard (1...maxUnits).contains(item.quantity) else {
                throw .badRequest(field: "items[\(index)].quantity", "must be between 1 and \(maxUnits)")
            }
            guard params.items.count == 1 || seen.insert(item.sku).inserted else {
                throw .badRequest(field: "items[\(index)].sku", "sku appears twice")
            }
        }
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
             UInt8(ascii: ":"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
