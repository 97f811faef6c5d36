/// A `TILL_*` variable a client needs is missing or malformed.
public struct ServiceEndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The variable, e.g. `TILL_INVENTORY_ADDR`.
    public let variable: String
    /// What is wrong with it; never its value when it is a key.
    public let reason: String

    /// An error about `variable`.
    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "\(variable): \(reason)" }
}
