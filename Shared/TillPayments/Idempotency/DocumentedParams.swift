import TillWire

/// The documented parameters of a method: the only ones that take part in its idempotency hash,
/// so that an unknown field (or `wait`) a client adds never turns a replay into a conflict.
///
/// Fields are JSON paths: `payment_id` selects a whole member; `customer.id` selects `id` inside
/// the `customer` object (applied to every element when the value is an array, as for
/// `items.sku`). A value that is not an object where a path expects one is kept whole, so that a
/// malformed request still hashes deterministically.
public struct DocumentedParams: Sendable, Hashable {
    private indirect enum Selection: Sendable, Hashable {
        case whole
        case members([String: Selection])
    }

    private let root: [String: Selection]

    /// The parameters named by `paths`.
    public init(_ paths: [String]) {
        var root: [String: Selection] = [:]
        for path in paths {
            Self.insert(path.split(separator: ".").map(String.init)[...], into: &root)
        }
        self.root = root
    }

    /// `params` with every undocumented member removed.
    public func select(from params: JSONValue) -> JSONValue {
        Self.apply(.members(root), to: params)
    }

    private static func insert(_ path: ArraySlice<String>, into members: inout [String: Selection]) {
        guard let head = path.first else { return }
        let rest = path.dropFirst()
        if rest.isEmpty {
            members[head] = .whole
            return
        }
        switch members[head] {
        case .whole:
            return
        case .members(var nested):
            insert(rest, into: &nested)
            members[head] = .members(nested)
        case nil:
            var nested: [String: Selection] = [:]
            insert(rest, into: &nested)
            members[head] = .members(nested)
        }
    }

    private static func apply(_ selection: Selection, to value: JSONValue) -> JSONValue {
        guard case .members(let wanted) = selection else { return value }
        switch value {
        case .object(let members):
            var kept: [String: JSONValue] = [:]
            for (key, nested) in wanted {
                if let member = members[key] { kept[key] = apply(nested, to: member) }
            }
            return .object(kept)
        case .array(let elements):
            return .array(elements.map { apply(selection, to: $0) })
        default:
            return value
        }
    }
}

extension DocumentedParams {
    /// `payments.authorize` (`API.md`).
    public static let paymentsAuthorize = DocumentedParams([
        "payment_id", "order_id", "amount", "currency", "card_token",
        "customer.id", "customer.email", "customer.ip", "billing_country", "card_country",
    ])
    /// `payments.capture`.
    public static let paymentsCapture = DocumentedParams(["payment_id", "amount"])
    /// `payments.void`.
    public static let paymentsVoid = DocumentedParams(["payment_id"])
    /// `payments.refund`.
    public static let paymentsRefund = DocumentedParams(["payment_id", "amount", "reason"])
}
