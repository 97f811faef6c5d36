/// A params type that can read itself from a ``JSONValue``, for hot paths.
///
/// ``RPCServer`` reads such params in one pass with its own JSON reader and calls
/// ``init(jsonValue:)``; when that returns `nil` (a field missing, of another type, or anything
/// unusual) the params go through `JSONDecoder` as usual, which then produces the exact
/// `bad_request` (or accepts what it accepts). So a conformance only has to recognise the plain,
/// valid shape, and must build exactly what `Decodable` would build from it.
public protocol JSONValueDecodable {
    /// The value `json` describes, or `nil` to leave the decision to `Decodable`.
    init?(jsonValue json: JSONValue)
}
