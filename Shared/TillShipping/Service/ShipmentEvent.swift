import Foundation

/// The JSON of shipping events on `till.events`: `{type, at, trace_id, shipment_id, order_id?, …}`.
struct ShipmentEvent: Encodable {
    var type: String
    var at: Int64
    var traceID: String?
    var shipmentID: String
    var orderID: String?
    var trackingNumber: String?

    enum CodingKeys: String, CodingKey {
        case type, at
        case traceID = "trace_id"
        case shipmentID = "shipment_id"
        case orderID = "order_id"
        case trackingNumber = "tracking_number"
    }

    init(_ type: String, shipmentID: String, traceID: String?, orderID: String? = nil, trackingNumber: String? = nil) {
        self.type = type
        self.at = Int64(Date().timeIntervalSince1970)
        self.traceID = traceID
        self.shipmentID = shipmentID
        self.orderID = orderID
        self.trackingNumber = trackingNumber
    }

    func json() -> String {
        (try? String(decoding: JSONEncoder().encode(self), as: UTF8.self)) ?? "{}"
    }
}
