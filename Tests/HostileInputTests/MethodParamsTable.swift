import Foundation
import TillWire

/// For every business method of API.md: params that are valid, and the path of every field in
/// them. The hostile tests derive their wrong-typed variants from this table, so a field added to
/// a method only needs a line here.
struct MethodParams: Sendable, CustomStringConvertible {
    var method: String
    var service: String
    var params: JSONValue
    /// Payments' state-changing methods require one.
    var needsIdempotencyKey = false

    var description: String { method }

    /// Every leaf and container path in `params` (`customer.email`, `items[0].quantity`).
    var fieldPaths: [(path: String, value: JSONValue)] {
        Self.paths(in: params, prefix: "")
    }

    private static func paths(in value: JSONValue, prefix: String) -> [(path: String, value: JSONValue)] {
        switch value {
        case .object(let members):
            return members.sorted { $0.key < $1.key }.flatMap { (key, member) -> [(path: String, value: JSONValue)] in
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                return [(path: path, value: member)] + paths(in: member, prefix: path)
            }
        case .array(let elements):
            return elements.enumerated().flatMap { (index, element) -> [(path: String, value: JSONValue)] in
                let path = "\(prefix)[\(index)]"
                return [(path: path, value: element)] + paths(in: element, prefix: path)
            }
        default:
            return []
        }
    }

    /// `params` with the field at `path` replaced by `replacement`.
    func replacing(_ path: String, with replacement: JSONValue) -> JSONValue {
        Self.replace(in: params, components: Self.components(path), with: replacement)
    }

    private static func components(_ path: String) -> [String] {
        path.replacingOccurrences(of: "[", with: ".[").split(separator: ".").map(String.init)
    }

    private static func replace(in value: JSONValue, components: [String], with replacement: JSONValue) -> JSONValue {
        guard let first = components.first else { return replacement }
        let rest = Array(components.dropFirst())
        switch value {
        case .object(var members):
            members[first] = replace(in: members[first] ?? .null, components: rest, with: replacement)
            return .object(members)
        case .array(var elements):
            guard let index = Int(first.dropFirst().dropLast()), elements.indices.contains(index) else { return value }
            elements[index] = replace(in: elements[index], components: rest, with: replacement)
            return .array(elements)
        default:
            return value
        }
    }

    /// A value of a different JSON type than `value`.
    static func wrongType(for value: JSONValue) -> JSONValue {
        switch value {
        case .string: .integer(12_345)
        case .integer, .double: .string("12")
        case .bool: .string("yes")
        case .object, .array, .null: .string("not-a-container")
        }
    }

    /// Valid params for every business method (ids unique per `run`).
    static func all(run: String) -> [MethodParams] {
        let customer: JSONValue = ["id": .string("cus-\(run)"), "email": "ada@example.com", "ip": "203.0.113.7"]
        let address: JSONValue = ["name": "Ada", "line1": "Main St 1", "city": "Berlin", "postal_code": "10115", "country": "DE"]
        return [
            MethodParams(
                method: "inventory.stock.set", service: "inventory",
                params: ["sku": .string("sku-\(run)"), "on_hand": 5, "price": ["amount": 1_000, "currency": "USD"]]
            ),
            MethodParams(method: "inventory.stock.get", service: "inventory", params: ["sku": .string("sku-\(run)")]),
            MethodParams(
                method: "inventory.reserve", service: "inventory",
                params: ["reservation_id": .string("res-\(run)"), "items": [["sku": .string("sku-\(run)"), "quantity": 1]]]
            ),
            MethodParams(method: "inventory.release", service: "inventory", params: ["reservation_id": .string("res-\(run)")]),
            MethodParams(method: "inventory.commit", service: "inventory", params: ["reservation_id": .string("res-\(run)")]),
            MethodParams(
                method: "payments.authorize", service: "payments",
                params: [
                    "payment_id": .string("pay-\(run)"), "order_id": .string("ord-\(run)"), "amount": 4_999, "currency": "USD",
                    "card_token": "tok_visa", "customer": customer, "billing_country": "DE", "card_country": "DE",
                ],
                needsIdempotencyKey: true
            ),
            MethodParams(
                method: "payments.capture", service: "payments", params: ["payment_id": .string("pay-\(run)"), "amount": 4_999],
                needsIdempotencyKey: true
            ),
            MethodParams(method: "payments.void", service: "payments", params: ["payment_id": .string("pay-\(run)")], needsIdempotencyKey: true),
            MethodParams(
                method: "payments.refund", service: "payments", params: ["payment_id": .string("pay-\(run)"), "amount": 1, "reason": "test"],
                needsIdempotencyKey: true
            ),
            MethodParams(method: "payments.get", service: "payments", params: ["payment_id": .string("pay-\(run)")]),
            MethodParams(
                method: "payments.reconcile", service: "payments",
                params: ["since": 1_764_000_000, "until": 1_764_003_600, "limit": 10, "cursor": "0"]
            ),
            MethodParams(
                method: "shipping.create", service: "shipping",
                params: [
                    "shipment_id": .string("shp-\(run)"), "order_id": .string("ord-\(run)"), "address": address,
                    "items": [["sku": .string("sku-\(run)"), "quantity": 1]],
                ]
            ),
            MethodParams(method: "shipping.cancel", service: "shipping", params: ["shipment_id": .string("shp-\(run)")]),
            MethodParams(method: "shipping.get", service: "shipping", params: ["shipment_id": .string("shp-\(run)")]),
            MethodParams(
                method: "checkout.start", service: "orchestrator",
                params: [
                    "order_id": .string("ord-\(run)"), "customer": customer,
                    "items": [["sku": .string("sku-\(run)"), "quantity": 1, "unit_price": 1_000]], "currency": "USD",
                    "card_token": "tok_visa", "billing_country": "DE", "card_country": "DE", "shipping_address": address,
                    "wait": true,
                ]
            ),
            MethodParams(method: "checkout.get", service: "orchestrator", params: ["order_id": .string("ord-\(run)")]),
            MethodParams(method: "checkout.list", service: "orchestrator", params: ["state": "completed", "limit": 10, "cursor": "0"]),
            MethodParams(method: "checkout.recover", service: "orchestrator", params: ["order_id": .string("ord-\(run)")]),
        ]
    }
}

extension JSONValue {
    /// Compact JSON text.
    var jsonText: String {
        (try? JSONEncoder().encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? "null"
    }
}
