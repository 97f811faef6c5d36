import TillWire

// Every service answers `<service>.ping`, the reference the benchmarks measure the RPC layer
// with: its result is written by Till's JSON writer, not `JSONEncoder` (same JSON as `Encodable`).

extension PingResult: JSONValueConvertible {
    public var jsonValue: JSONValue {
        ["service": .string(service), "version": .string(version), "instance": .string(instance)]
    }
}
