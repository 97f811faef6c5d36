extension WireError {
    /// The `bad_request` for params that did not decode: `details.field` is the JSON path of the
    /// offending field (`items[0].quantity`), or `params` when the object itself is wrong.
    static func badRequest(decoding error: DecodingError) -> WireError {
        switch error {
        case .keyNotFound(let key, let context):
            let path = JSONPath.render(context.codingPath + [key])
            return .badRequest(field: path, "\(path) is required")
        case .valueNotFound(let type, let context):
            let path = JSONPath.render(context.codingPath)
            return .badRequest(field: path, "\(path) must not be null (expected \(JSONPath.describe(type)))")
        case .typeMismatch(let type, let context):
            let path = JSONPath.render(context.codingPath)
            return .badRequest(field: path, "\(path) must be \(JSONPath.describe(type))")
        case .dataCorrupted(let context):
            let path = JSONPath.render(context.codingPath)
            return .badRequest(field: path, "\(path) is invalid: \(JSONPath.truncate(context.debugDescription))")
        @unknown default:
            return .badRequest(field: "params", "params are invalid")
        }
    }
}

/// Renders coding paths the way callers write them: `items[0].quantity`.
enum JSONPath {
    static func render(_ path: [any CodingKey]) -> String {
        var rendered = ""
        for key in path {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == "\(index)" {
                rendered += "[\(index)]"
            } else {
                if !rendered.isEmpty { rendered += "." }
                rendered += key.stringValue
            }
        }
        return rendered.isEmpty ? "params" : rendered
    }

    /// A JSON-flavoured name for the Swift type a field should have had.
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is Int16.Type, is Int8.Type,
            is UInt.Type, is UInt64.Type, is UInt32.Type, is UInt16.Type, is UInt8.Type:
            "an integer"
        case is Double.Type, is Float.Type: "a number"
        default:
            // The decoder reports containers as dictionaries and arrays of its internal types.
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }

    /// Keeps decoder messages short; they may echo the caller's own input back to it.
    static func truncate(_ message: String, limit: Int = 160) -> String {
        message.count <= limit ? message : String(message.prefix(limit)) + "…"
    }
}
