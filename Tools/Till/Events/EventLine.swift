import Foundation
import TillWire

/// One message of `till.events`, parsed when it is a JSON object, and its one-line pretty form:
///
/// ```
/// 14:03:07  payment.captured  order_id=ord-1 payment_id=pay_ord-1 amount=1999 currency=USD trace_id=4bf9…
/// ```
struct EventLine: Sendable, Hashable {
    /// The message as published.
    let raw: String
    /// Its fields, when it is a JSON object.
    let fields: [String: JSONValue]?

    init(_ raw: String) {
        self.raw = raw
        if case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: Data(raw.utf8)) {
            self.fields = fields
        } else {
            self.fields = nil
        }
    }

    /// The event's `type`, if it has one.
    var type: String? { self.fields?["type"]?.stringValue }

    /// Fields shown first, in this order, when present; the rest follow sorted by name.
    static let leadingFields = ["order_id", "saga_id", "reservation_id", "payment_id", "shipment_id", "state"]

    /// The pretty line: time of `at` (in `timeZone`), type, then `key=value` pairs.
    func pretty(timeZone: TimeZone = .current) -> String {
        guard let fields, let type else { return self.raw }
        var line = ""
        if let at = fields["at"]?.integerValue {
            line += Self.clock(at, timeZone: timeZone) + "  "
        }
        line += type
        let rest = fields.keys.filter { $0 != "type" && $0 != "at" }
        let ordered = Self.leadingFields.filter(rest.contains) + rest.filter { !Self.leadingFields.contains($0) }.sorted()
        let pairs = ordered.compactMap { key in fields[key].flatMap { Self.text($0) }.map { "\(key)=\($0)" } }
        if !pairs.isEmpty {
            line += "  " + pairs.joined(separator: " ")
        }
        return line
    }

    /// `HH:mm:ss` of a Unix time.
    static func clock(_ unixSeconds: Int64, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(unixSeconds)))
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// A value as shown after `key=`: scalars bare, containers as compact JSON; nulls left out.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .null: return nil
        case .bool(let flag): return String(flag)
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return text.contains(" ") ? text.debugDescription : text
        case .array, .object:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
