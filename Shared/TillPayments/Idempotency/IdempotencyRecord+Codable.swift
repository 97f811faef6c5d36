import TillWire

extension IdempotencyRecord: Codable {
    private enum CodingKeys: String, CodingKey {
        case version = "v"
        case state
        case paramsHash = "params_hash"
        case owner
        case leaseUntil = "lease_until_ms"
        case result
        case error
    }

    private enum State: String, Codable {
        case inFlight = "in_flight"
        case completed
        case failed
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let hash = try container.decode(String.self, forKey: .paramsHash)
        switch try container.decode(State.self, forKey: .state) {
        case .inFlight:
            self = .inFlight(
                paramsHash: hash,
                owner: try container.decode(String.self, forKey: .owner),
                leaseUntil: try container.decode(Int64.self, forKey: .leaseUntil)
            )
        case .completed:
            self = .completed(paramsHash: hash, result: try container.decode(JSONValue.self, forKey: .result))
        case .failed:
            self = .failed(paramsHash: hash, error: try container.decode(WireError.self, forKey: .error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(1, forKey: .version)
        try container.encode(paramsHash, forKey: .paramsHash)
        switch self {
        case .inFlight(_, let owner, let leaseUntil):
            try container.encode(State.inFlight, forKey: .state)
            try container.encode(owner, forKey: .owner)
            try container.encode(leaseUntil, forKey: .leaseUntil)
        case .completed(_, let result):
            try container.encode(State.completed, forKey: .state)
            try container.encode(result, forKey: .result)
        case .failed(_, let error):
            try container.encode(State.failed, forKey: .state)
            try container.encode(error, forKey: .error)
        }
    }
}
