import TillWire

// `shipping.create` is on the checkout path: its params are read by Till's one-pass JSON reader
// when they have the plain shape (anything else goes through `Decodable`, which names the field),
// and its result is written by Till's JSON writer. Both say what the `Codable` conformances say.

extension ShippingAddress: JSONValueDecodable {
    public init?(jsonValue json: JSONValue) {
        guard case .string(let name)? = json["name"], case .string(let line1)? = json["line1"],
              case .string(let city)? = json["city"], case .string(let postalCode)? = json["postal_code"],
              case .string(let country)? = json["country"]
        else { return nil }
        self.init(name: name, line1: line1, city: city, postalCode: postalCode, country: country)
    }
}

extension ShipmentItem: JSONValueDecodable {
    public init?(jsonValue json: JSONValue) {
        guard case .string(let sku)? = json["sku"], case .integer(let quantity)? = json["quantity"] else { return nil }
        self.init(sku: sku, quantity: quantity)
    }
}

extension CreateShipmentParams: JSONValueDecodable {
    public init?(jsonValue json: JSONValue) {
        guard case .string(let shipmentID)? = json["shipment_id"], case .string(let orderID)? = json["order_id"],
              let addressJSON = json["address"], let address = ShippingAddress(jsonValue: addressJSON),
              case .array(let lines)? = json["items"]
        else { return nil }
        var items: [ShipmentItem] = []
        items.reserveCapacity(lines.count)
        for line in lines {
            guard let item = ShipmentItem(jsonValue: line) else { return nil }
            items.append(item)
        }
        self.init(shipmentID: shipmentID, orderID: orderID, address: address, items: items)
    }
}

extension CreateShipmentResult: JSONValueConvertible {
    public var jsonValue: JSONValue {
        [
            "shipment_id": .string(shipmentID), "state": .string(state), "carrier": .string(carrier),
            "tracking_number": .string(trackingNumber),
        ]
    }
}
