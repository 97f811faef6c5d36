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
        var text = openJSON()
        if let items {
            text += #""items":"# + JSONValue.array(items.map(\.jsonValue)).jsonText
        } else {
            text.removeLast()  // the comma
        }
        return text + "}"
    }

    /// The event without its closing brace and with a trailing comma, for a script that appends
    /// `"items":[…]}` once it knows the prices. Written as text rather than through a `JSONValue`
    /// (a dictionary and a sort): one is built per reserve.
    func openJSON() -> String {
        var text = #"{"at":"# + String(at) + #","reservation_id":"# + Self.quoted(reservationID)
        if let traceID { text += #","trace_id":"# + Self.quoted(traceID) }
        return text + #","type":"# + Self.quoted(type) + ","
    }

    /// `value` as a JSON string; the escaping writer is needed only for unusual characters
    /// (ids are validated to `[A-Za-z0-9_.:-]`, trace ids are the caller's).
    private static func quoted(_ value: String) -> String {
        let plain = value.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        return plain ? "\"" + value + "\"" : JSONValue.string(value).jsonText
    }
}
