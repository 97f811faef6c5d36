/// Where a shipment goes.
public struct ShippingAddress: Codable, Sendable, Hashable {
    public var name: String
    public var line1: String
    public var city: String
    public var postalCode: String
    /// ISO 3166-1 alpha-2, e.g. `DE`.
    public var country: String

    public init(name: String, line1: String, city: String, postalCode: String, country: String) {
        self.name = name
        self.line1 = line1
        self.city = city
        self.postalCode = postalCode
        self.country = country
    }

    enum CodingKeys: String, CodingKey {
        case name, line1, city, country
        case postalCode = "postal_code"
    }
}

/// One line of a shipment.
public struct ShipmentItem: Codable, Sendable, Hashable {
    public var sku: String
    public var quantity: Int64

    public init(sku: String, quantity: Int64) {
        self.sku = sku
        self.quantity = quantity
    }
}

/// `shipping.create` params.
public struct CreateShipmentParams: Codable, Sendable, Hashable {
    public var shipmentID: String
    public var orderID: String
    public var address: ShippingAddress
    public var items: [ShipmentItem]

    public init(shipmentID: String, orderID: String, address: ShippingAddress, items: [ShipmentItem]) {
        self.shipmentID = shipmentID
        self.orderID = orderID
        self.address = address
        self.items = items
    }

    enum CodingKeys: String, CodingKey {
        case address, items
        case shipmentID = "shipment_id"
        case orderID = "order_id"
    }
}

/// `shipping.cancel` and `shipping.get` params.
public struct ShipmentIDParams: Codable, Sendable, Hashable {
    public var shipmentID: String

    public init(shipmentID: String) { self.shipmentID = shipmentID }

    enum CodingKeys: String, CodingKey {
        case shipmentID = "shipment_id"
    }
}
