import Foundation
import TillAPI
import TillWire

/// The JSON of inventory events on `till.events`: `{type, at, trace_id, reservation_id, …}`.
///
/// Events are published from inside the scripts that make the change (no extra round trip, and
/// only when the state really changed), so they are built here as text for the script to send.
/// They are written with Till's JSON writer, not `JSONEncoder`: one is built per reserve.
struct InventoryEvent {
    var type: String
    var at: Int64
    var traceID: String?
    var reservationID: String
    var items: [ReservedItem]?

    init(_ type: String, reservationID: String, traceID: String?, items: [ReservedItem]? = nil) {
        self.type = type
        self.at = Int64(Date().timeIntervalSince1970)
        self.traceID = traceID
        self.reservationID = reservationID
        self.items = items
    }

    /// The whole event.
    func json() -> String {
        var members: [String: JSONValue] = ["type": .string(type), "at": .integer(at), "reservation_id": .string(reservationID)]
        if let traceID { members["trace_id"] = .string(traceID) }
        if let items { members["items"] = .array(items.map(\.jsonValue)) }
        return JSONValue.object(members).jsonText
    }

    /// The event without its closing brace and with a trailing comma, for a script that appends
    /// `"items":[…]}` once it knows the prices.
    func openJSON() -> String {
        var open = self
        open.items = nil
        var text = open.json()
        guard text.hasSuffix("}") else { return "" }
        text.removeLast()
        return text + ","
    }
}
