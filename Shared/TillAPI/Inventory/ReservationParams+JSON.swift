import TillWire

// `inventory.reserve` is the hot path: its params are read from Till's own JSON reader when
// they have the plain shape (anything else goes through `Decodable`, which reports the field).

extension ReserveItem: JSONValueDecodable {
    public init?(jsonValue json: JSONValue) {
        guard case .string(let sku)? = json["sku"], case .integer(let quantity)? = json["quantity"] else { return nil }
        self.init(sku: sku, quantity: quantity)
    }
}

extension ReserveParams: JSONValueDecodable {
    public init?(jsonValue json: JSONValue) {
        guard case .string(let id)? = json["reservation_id"], case .array(let lines)? = json["items"] else { return nil }
        var items: [ReserveItem] = []
        items.reserveCapacity(lines.count)
        for line in lines {
            guard let item = ReserveItem(jsonValue: line) else { return nil }
            items.append(item)
        }
        self.init(reservationID: id, items: items)
    }
}
