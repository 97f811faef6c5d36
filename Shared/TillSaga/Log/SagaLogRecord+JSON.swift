import TillWire

// A checkout appends a log record at every step transition: written with Till's own JSON writer
// (through `JSONValue`), not `JSONEncoder`, which dominated the orchestrator's profile. Records
// are still read back with `Decodable`; a test keeps the two in step.

extension SagaLogRecord: JSONValueConvertible {
    /// The record as its `Encodable` conformance writes it: absent optionals are left out.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "v": .integer(Int64(v)),
            "kind": .string(kind.rawValue),
            "step": .string(step),
            "phase": .string(phase.rawValue),
            "attempt": .integer(Int64(attempt)),
            "at": .integer(at),
        ]
        if let error { object["error"] = error.sagaJSONValue }
        if let maybeDone { object["maybe_done"] = .bool(maybeDone) }
        if let output { object["output"] = output }
        return .object(object)
    }
}

extension SagaStepView: JSONValueConvertible {
    /// `{name, state, attempts, error?}`, as the `Encodable` conformance writes it.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "name": .string(name),
            "state": .string(state.rawValue),
            "attempts": .integer(Int64(attempts)),
        ]
        if let error { object["error"] = error.sagaJSONValue }
        return .object(object)
    }
}

extension WireError {
    /// `{code, message, retriable, details?}`, as `WireError`'s `Encodable` conformance writes it.
    /// (TillAPI's saga view has the same; a `JSONValueConvertible` conformance in TillWire would
    /// serve both.)
    var sagaJSONValue: JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(code.rawValue),
            "message": .string(message),
            "retriable": .bool(retriable),
        ]
        if let details { object["details"] = details }
        return .object(object)
    }
}
