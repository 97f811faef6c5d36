import Foundation
import TillWire

extension IdempotentExecutor {
    /// ``run(service:method:key:params:documented:operation:)`` for a handler with a typed result:
    /// `try await idempotent.run(service: "payments", method: "capture", key: key, params: params, as: Capture.self) { … }`.
    ///
    /// The result is stored as JSON and decoded again on replay, which costs one encode and one
    /// decode more than returning ``TillWire/JSONValue``; handlers on the hottest paths may
    /// prefer that form.
    public func run<Result: Codable & Sendable>(
        service: String,
        method: String,
        key: String,
        params: JSONValue,
        documented: DocumentedParams? = nil,
        as type: Result.Type,
        operation: () async throws -> Result
    ) async throws -> Result {
        let stored = try await run(service: service, method: method, key: key, params: params, documented: documented) {
            let result = try await operation()
            return try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(result))
        }
        return try JSONDecoder().decode(Result.self, from: Data(CanonicalJSON.encode(stored)))
    }
}
