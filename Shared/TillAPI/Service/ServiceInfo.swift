/// What `<service>.ping` answers: who is serving, without touching Redis (the RPC benchmark).
public struct PingResult: Codable, Sendable, Hashable {
    /// `inventory`, `payments`, `shipping` or `orchestrator`.
    public var service: String
    /// The Till release the replica runs.
    public var version: String
    /// The replica's name (`TILL_INSTANCE`).
    public var instance: String

    /// Creates a ping answer.
    public init(service: String, version: String, instance: String) {
        self.service = service
        self.version = version
        self.instance = instance
    }
}

/// What `<service>.health` answers.
public struct HealthResult: Codable, Sendable, Hashable {
    /// `ok` when every dependency is reachable, else `degraded`.
    public var status: String
    /// `ok` or `down`.
    public var redis: String
    /// Each circuit breaker's state by name (`closed`, `open`, `half_open`).
    public var breakers: [String: String]

    /// Creates a health answer.
    public init(status: String, redis: String, breakers: [String: String]) {
        self.status = status
        self.redis = redis
        self.breakers = breakers
    }
}
