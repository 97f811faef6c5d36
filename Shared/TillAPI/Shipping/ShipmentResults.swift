/// The result of `shipping.create`.
public struct CreateShipmentResult: Codable, Sendable, Hashable {
    public var shipmentID: String
    public var state: String
    public var carrier: String
    public var trackingNumber: String

    public init(shipmentID: String, carrier: String, trackingNumber: String) {
        self.shipmentID = shipmentID
        self.state = "created"
        self.carrier = carrier
        self.trackingNumber = trackingNumber
    }

    enum CodingKeys: String, CodingKey {
        case state, carrier
        case shipmentID = "shipment_id"
        case trackingNumber = "tracking_number"
    }
}

/// The result of `shipping.cancel` (`state: cancelled`, no tracking number) and `shipping.get`.
public struct ShipmentView: Codable, Sendable, Hashable {
    public var shipmentID: String
    /// `creating`, `created`, `cancelled` or `dispatched`.
    public var state: String
    public var trackingNumber: String?

    public init(shipmentID: String, state: String, trackingNumber: String?) {
        self.shipmentID = shipmentID
        self.state = state
        self.trackingNumber = trackingNumber
    }

    enum CodingKeys: String, CodingKey {
        case state
        case shipmentID = "shipment_id"
        case trackingNumber = "tracking_number"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(shipmentID, forKey: .shipmentID)
        try container.encode(state, forKey: .state)
        try container.encode(trackingNumber, forKey: .trackingNumber)
    }
}
