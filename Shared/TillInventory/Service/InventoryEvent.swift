import Foundation
import TillAPI

/// The JSON of inventory events on `till.events`: `{type, at, trace_id, reservation_id, …}`.
///
/// Events are published from inside the scripts that make the change (no extra round trip, and
/// only when the state really changed), so they are built here as text for the script to send.
struct InventoryEvent: Encodable {
    var type: String
    var at: Int64
    var traceID: String?
    var reservationID: String
    var items: [ReservedItem]?

    enum CodingKeys: String, CodingKey {
        case type, at, items
        case traceID = "trace_id"
        case reservationID = "reservation_id"
    }

    init(_ type: String, reservationID: String, traceID: String?, items: [ReservedItem]? = nil) {
        self.type = type
        self.at = Int64(Date().timeIntervalSince1970)
        self.traceID = traceID
        self.reservationID = reservationID
        self.items = items
    }

    /// The whole event.
    func json() -> String {
        (try? String(decoding: JSONEncoder().encode(self), as: UTF8.self)) ?? "{}"
    }

    /// The event without its closing brace and with a trailing comma, for a script that appends
    /// `"items":[…]}` once it knows the prices.
    func openJSON() -> String {
        var text = json()
        guard text.hasSuffix("}") else { return "" }
        text.removeLast()
        return text + ","
    }
}
