/// One of the four Till services, and the variable that holds its replicas' addresses.
public struct ServiceName: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The name in method prefixes and `TILL_<NAME>_ADDR`: `inventory`, `payments`, …
    public let rawValue: String

    /// A service by name; lower-case letters.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `inventory` (`TILL_INVENTORY_ADDR`).
    public static let inventory = ServiceName(rawValue: "inventory")
    /// `payments` (`TILL_PAYMENTS_ADDR`).
    public static let payments = ServiceName(rawValue: "payments")
    /// `shipping` (`TILL_SHIPPING_ADDR`).
    public static let shipping = ServiceName(rawValue: "shipping")
    /// `orchestrator` (`TILL_ORCHESTRATOR_ADDR`), which serves the `checkout.*` methods.
    public static let orchestrator = ServiceName(rawValue: "orchestrator")

    /// `TILL_<NAME>_ADDR`: the comma-separated replicas, as written by `till up` to `.till/stack.env`.
    public var addressVariable: String { "TILL_\(rawValue.uppercased())_ADDR" }

    public var description: String { rawValue }
}
