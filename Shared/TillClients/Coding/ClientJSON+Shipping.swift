import TillAPI
import TillWire

extension CreateShipmentParams: ClientParams {
    var clientJSON: JSONValue {
        [
            "shipment_id": .string(shipmentID),
            "order_id": .string(orderID),
            "address": [
                "name": .string(address.name), "line1": .string(address.line1), "city": .string(address.city),
                "postal_code": .string(address.postalCode), "country": .string(address.country),
            ],
            "items": .array(items.map { ["sku": .string($0.sku), "quantity": .integer($0.quantity)] }),
        ]
    }
}

extension ShipmentIDParams: ClientParams {
    var clientJSON: JSONValue { ["shipment_id": .string(shipmentID)] }
}

extension CreateShipmentResult: ClientResult {
    init?(clientJSON json: JSONValue) {
        guard case .string(let shipmentID)? = json["shipment_id"], case .string(let state)? = json["state"],
              case .string(let carrier)? = json["carrier"], case .string(let tracking)? = json["tracking_number"]
        else { return nil }
        self.init(shipmentID: shipmentID, carrier: carrier, trackingNumber: tracking)
        self.state = state
    }
}

extension ShipmentView: ClientResult {
    init?(clientJSON json: JSONValue) {
        guard case .string(let shipmentID)? = json["shipment_id"], case .string(let state)? = json["state"],
              let tracking = ClientJSON.optionalString(json["tracking_number"])
        else { return nil }
        self.init(shipmentID: shipmentID, state: state, trackingNumber: tracking)
    }
}
