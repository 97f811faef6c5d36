import TillWire

/// The stored state of one idempotency key (`DESIGN.md`, "Idempotency").
///
/// Stored as a JSON object so that the Redis scripts can read it with `cjson`:
/// `{"v":1,"state":"in_flight","params_hash":…,"owner":…,"lease_until_ms":…}`,
/// `{"v":1,"state":"completed","params_hash":…,"result":{…}}` or
/// `{"v":1,"state":"failed","params_hash":…,"error":{wire error}}`.
public enum IdempotencyRecord: Sendable, Hashable {
    /// Someone (`owner`) is working on it; the claim lapses at `leaseUntil` (Unix ms) unless renewed.
    case inFlight(paramsHash: String, owner: String, leaseUntil: Int64)
    /// Finished with a result.
    case completed(paramsHash: String, result: JSONValue)
    /// Finished with a non-retriable error, replayed as such.
    case failed(paramsHash: String, error: WireError)

    /// The hash of the parameters the key was first used with.
    public var paramsHash: String {
        switch self {
        case .inFlight(let hash, _, _), .completed(let hash, _), .failed(let hash, _): hash
        }
    }

    /// What a request with `paramsHash` arriving at `now` (Unix ms) finds, given the stored record
    /// (`nil` if there is none).
    ///
    /// The same parameters find the stored outcome, or `inProgress` while the owner's lease is
    /// live; once the lease has lapsed (the owner died) the newcomer may take the key over — the
    /// gateway call carries the same idempotency key, so a takeover never charges twice. Other
    /// parameters always find a conflict.
    public static func resolve(_ stored: IdempotencyRecord?, paramsHash: String, now: Int64) -> IdempotencyClaim {
        guard let stored else { return .claimed }
        guard stored.paramsHash == paramsHash else { return .conflict }
        switch stored {
        case .inFlight(_, _, let leaseUntil):
            return leaseUntil > now ? .inProgress : .claimed
        case .completed(_, let result):
            return .replay(.success(result))
        case .failed(_, let error):
            return .replay(.failure(error))
        }
    }
}

/// What a request finds when it claims an idempotency key.
public enum IdempotencyClaim: Sendable, Hashable {
    /// The key is now this request's: do the work, then complete or release it.
    case claimed
    /// The same request is being worked on: answer `idempotency_in_progress`.
    case inProgress
    /// The same request already finished: answer this outcome again without doing the work.
    case replay(IdempotencyOutcome)
    /// The key was used with other parameters: answer `idempotency_conflict`.
    case conflict
}

/// The stored outcome of a finished request.
public enum IdempotencyOutcome: Sendable, Hashable {
    /// The result object.
    case success(JSONValue)
    /// A non-retriable error (retriable ones are never stored).
    case failure(WireError)
}
