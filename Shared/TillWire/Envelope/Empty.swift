/// The `params` or `result` of a method that has none: encodes as `{}`, decodes from any object.
public struct Empty: Codable, Sendable, Hashable {
    /// The empty value.
    public init() {}
}
