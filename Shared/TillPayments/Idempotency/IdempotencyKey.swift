/// A client-chosen idempotency key (1–255 characters) scoped to the method it was sent to.
public struct IdempotencyKey: Sendable, Hashable, CustomStringConvertible {
    /// The service, e.g. `payments`.
    public let service: String
    /// The method within the service, e.g. `authorize`.
    public let method: String
    /// The key as the client sent it.
    public let key: String

    /// The key `key` for `service.method`, or `nil` if `key` is empty or longer than 255 characters.
    public init?(service: String, method: String, key: String) {
        guard !key.isEmpty, key.count <= 255 else { return nil }
        self.service = service
        self.method = method
        self.key = key
    }

    /// The Redis key of the record: `till:idem:{<service>.<method>:<key>}`. The braces are a hash
    /// tag, so the record stays in one Redis Cluster slot.
    public var storageKey: String { "till:idem:{\(service).\(method):\(key)}" }

    public var description: String { "\(service).\(method):\(key)" }
}
