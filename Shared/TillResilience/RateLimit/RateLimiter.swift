/// Admits or refuses requests per key (Till limits per `customer.id`).
///
/// The production limiter keeps each key's TAT in Redis so that all replicas share one budget;
/// ``InMemoryRateLimiter`` keeps them in the process.
public protocol RateLimiter: Sendable {
    /// The rate this limiter enforces.
    var rate: RateLimit { get }

    /// Decides one request of `cost` units for `key` now.
    func acquire(key: String, cost: Int64) async throws -> GCRADecision
}

extension RateLimiter {
    /// Decides one unit request for `key` now.
    public func acquire(key: String) async throws -> GCRADecision {
        try await acquire(key: key, cost: 1)
    }
}
