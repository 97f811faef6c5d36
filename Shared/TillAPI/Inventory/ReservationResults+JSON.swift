import TillWire

// `inventory.reserve` is the hot path: its result is written by Till's JSON writer rather than
// `JSONEncoder` (the same JSON as the `Encodable` conformance).

extension Price: JSONValueConvertible {
    public var jsonValue: JSONValue { ["amount": .integer(amount), "currency": .string(currency)] }
}

extension ReservedItem: JSONValueConvertible {
    public var jsonValue: JSONValue {
        ["sku": .string(sku), "quantity": .integer(quantity), "unit_price": unitPrice.jsonValue]
    }
}

extension ReserveResult: JSONValueConvertible {
    public var jsonValue: JSONValue {
        ["reservation_id": .string(reservationID), "state": .string(state), "items": .array(items.map(\.jsonValue))]
    }
}
