/// What `<service>.ping` answers: who is serving, without touching Redis (the RPC benchmark).
public struct PingResult: Codable, Sendable, Hashable {
    public var service: String
    public var version: String
    public var instance: String

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

    public init(status: String, redis: String, breakers: [String: String]) {
        self.status = status
        self.redis = redis
        self.breakers = breakers
    }
}

/// The Till release every service reports in `ping`.
public enum TillVersion {
    public static let current = "0.1.0"
}
