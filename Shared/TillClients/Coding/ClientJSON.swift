import Foundation
import TillWire

/// Params a typed client writes as a ``JSONValue``, so the request skips `JSONEncoder` (slow on
/// Linux for small objects, and the orchestrator sends five of these per checkout).
///
/// The value must be what the type's `Encodable` conformance writes (member order aside); a test
/// per type keeps the two in step.
protocol ClientParams: Encodable, Sendable {
    var clientJSON: JSONValue { get }
}

/// A result a typed client reads from a ``JSONValue`` instead of `JSONDecoder`.
///
/// Only the plain, valid shape has to be recognised: `nil` hands the result to `Decodable`,
/// which then accepts it or reports what is wrong. What it builds must equal what `Decodable` builds.
protocol ClientResult: Decodable, Sendable {
    init?(clientJSON json: JSONValue)
}

extension RPCClient {
    /// Calls `method` through the untyped `JSONValue` path of ``RPCClient`` (Till's own JSON
    /// writer and reader), converting at both ends here.
    func fastCall<Params: ClientParams, Result: ClientResult>(
        _ method: String,
        params: Params,
        as resultType: Result.Type = Result.self,
        idempotencyKey: String? = nil,
        deadline: Duration? = nil,
        traceID: String? = nil
    ) async throws(RPCError) -> Result {
        let json = try await call(method, params: params.clientJSON, idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID)
        if let result = Result(clientJSON: json) { return result }
        do {
            return try JSONDecoder().decode(Result.self, from: Data(json.jsonText.utf8))
        } catch {
            throw RPCError(
                WireError(.internal, "the result of \(method) does not decode as \(Result.self): \(error)"),
                source: .local
            )
        }
    }
}

/// Readers of optional members the way `decodeIfPresent` reads them: absent or `null` is `nil`;
/// another type makes the fast path give up (the outer `nil`).
enum ClientJSON {
    static func optionalString(_ value: JSONValue?) -> String?? {
        switch value {
        case nil, .null?: .some(nil)
        case .string(let text)?: .some(text)
        default: nil
        }
    }

    /// An `Int` member (JSON integers are read as `Int64`).
    static func int(_ value: JSONValue?) -> Int? {
        guard case .integer(let number)? = value else { return nil }
        return Int(exactly: number)
    }
}
