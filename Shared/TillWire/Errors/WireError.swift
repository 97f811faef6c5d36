/// The error object of a failed response: `{"code", "message", "retriable", "details"}`.
///
/// This is the one place where an error becomes its wire form; domain error types convert to it.
public struct WireError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The machine-readable code.
    public var code: WireErrorCode
    /// A human-readable explanation. Never contains a secret or a card number.
    public var message: String
    /// Whether the same request may succeed later.
    public var retriable: Bool
    /// Structured context, e.g. `{"field": "items[0].quantity"}` for `bad_request`.
    public var details: JSONValue?

    /// Creates an error whose `retriable` flag follows the code's default.
    public init(_ code: WireErrorCode, _ message: String, details: JSONValue? = nil) {
        self.init(code: code, message: message, retriable: code.isRetriableByDefault, details: details)
    }

    public init(code: WireErrorCode, message: String, retriable: Bool, details: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.retriable = retriable
        self.details = details
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// `bad_request` naming the offending field by its JSON path (`items[0].quantity`).
    public static func badRequest(field: String, _ message: String) -> WireError {
        WireError(.badRequest, message, details: ["field": .string(field)])
    }

    private enum CodingKeys: String, CodingKey {
        case code, message, retriable, details
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        code = try container.decode(WireErrorCode.self, forKey: .code)
        message = try container.decodeIfPresent(String.self, forKey: .message) ?? ""
        retriable = try container.decodeIfPresent(Bool.self, forKey: .retriable) ?? code.isRetriableByDefault
        details = try container.decodeIfPresent(JSONValue.self, forKey: .details)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encode(retriable, forKey: .retriable)
        try container.encodeIfPresent(details, forKey: .details)
    }
}
