/// A key configuration that cannot be used. It names the variable and never contains a key.
public struct KeyRingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The environment variable at fault: `TILL_CLUSTER_KEY` or `TILL_CLIENT_KEYS`.
    public let variable: String
    /// What is wrong, without the value.
    public let reason: String

    init(_ variable: String, _ reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "\(variable): \(reason)" }
}
