import TillResilience
import TillWire

/// The bytes of stored idempotency records and of the outcomes spliced into them.
///
/// Outcomes are written with ``CanonicalJSON`` and records read with ``JSONValueParser``: compact,
/// integers exact, and no `Foundation` coders on the hot path.
enum IdempotencyRecordCodec {
    /// The `state` a finished record is stored under and the JSON of its payload.
    static func encode(_ outcome: IdempotencyOutcome) -> (state: String, payload: [UInt8]) {
        switch outcome {
        case .success(let result):
            return ("completed", CanonicalJSON.encode(result))
        case .failure(let error):
            var members: [String: JSONValue] = [
                "code": .string(error.code.rawValue),
                "message": .string(error.message),
                "retriable": .bool(error.retriable),
            ]
            if let details = error.details { members["details"] = details }
            return ("failed", CanonicalJSON.encode(.object(members)))
        }
    }

    /// The record stored as `bytes`: the JSON object of `IdempotencyRecord+Codable.swift`,
    /// read with ``JSONValueParser`` (replays are on the hot path; `JSONDecoder` is not).
    /// - Throws: ``RedisStoreError/Code/corruptRecord`` if the bytes are not a record.
    static func decode(_ bytes: [UInt8]) throws(RedisStoreError) -> IdempotencyRecord {
        guard case .object(let record)? = try? JSONValueParser.parse(bytes),
            let hash = record["params_hash"]?.stringValue
        else { throw corrupt("not a record") }
        switch record["state"]?.stringValue {
        case "completed":
            guard let result = record["result"] else { throw corrupt("completed record without a result") }
            return .completed(paramsHash: hash, result: result)
        case "failed":
            guard let error = record["error"], let code = error["code"]?.stringValue else {
                throw corrupt("failed record without an error")
            }
            let wireCode = WireErrorCode(code)
            let details = error["details"].flatMap { $0 == .null ? nil : $0 }
            return .failed(
                paramsHash: hash,
                error: WireError(
                    code: wireCode,
                    message: error["message"]?.stringValue ?? "",
                    retriable: error["retriable"]?.boolValue ?? wireCode.isRetriableByDefault,
                    details: details
                )
            )
        case "in_flight":
            guard let owner = record["owner"]?.stringValue, let leaseUntil = record["lease_until_ms"]?.integerValue else {
                throw corrupt("in-flight record without owner or lease")
            }
            return .inFlight(paramsHash: hash, owner: owner, leaseUntil: leaseUntil)
        default:
            throw corrupt("unknown state")
        }
    }

    private static func corrupt(_ reason: String) -> RedisStoreError {
        RedisStoreError(.corruptRecord, store: "idempotency", "stored record could not be decoded: \(reason)")
    }
}
