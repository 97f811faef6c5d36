import NIOCore

/// A type that can state itself as a ``JSONValue``.
///
/// An RPC method whose result conforms is answered through Till's own JSON writer instead of
/// `JSONEncoder`, which is several times slower for small objects; worth it on hot paths
/// (`inventory.reserve`). The JSON must be what the type's `Encodable` conformance produces
/// (member order aside), so typed clients decode it as before.
public protocol JSONValueConvertible {
    /// The value as JSON.
    var jsonValue: JSONValue { get }
}

extension JSONValue {
    /// Compact JSON text of the value, members sorted by key.
    public var jsonText: String {
        var buffer = Envelope.allocator.buffer(capacity: 128)
        buffer.writeJSONValue(self)
        return String(buffer: buffer)
    }
}
