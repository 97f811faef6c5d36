import Synchronization

/// Counters of what the simulator did, served at `GET /_sim/stats` so tests can count gateway
/// calls (a circuit breaker that is open must not reach the gateway).
///
/// Every API request bumps one or two counters under a lock held for an increment: uncontended
/// that costs tens of nanoseconds, far below the cost of the request itself.
public final class SimulatorStats: Sendable {
    /// The API endpoints counted in `requests`.
    public enum Endpoint: String, Sendable, CaseIterable, Codable {
        case authorize, capture, void, refund, retrieve, report
    }

    /// The counters that are not per endpoint.
    public enum Counter: String, Sendable, CaseIterable, Codable {
        /// Connections closed without an answer (`tok_flaky_2`).
        case dropped
        /// `503` answers from the error rate.
        case injectedErrors = "injected_errors"
        /// Answers held back by `tok_timeout` or the timeout rate.
        case delayedAnswers = "delayed_answers"
        /// Recorded answers sent again for a replayed idempotency key.
        case replays
        /// Idempotency keys reused with another request.
        case conflicts
        /// Successful authorizations (each a new one).
        case authorizationsCreated = "authorizations_created"
        /// Authorizations declined (declined, insufficient funds, 3-D Secure).
        case declines
        /// Captures carried out.
        case captures
        /// Voids answered with success (a repeated void of a voided payment included).
        case voids
        /// Refunds carried out.
        case refunds
        /// Webhook deliveries queued (a duplicate counts twice).
        case webhooksQueued = "webhooks_queued"
        /// Webhook POSTs sent.
        case webhookAttempts = "webhook_attempts"
        /// Webhook deliveries answered 2xx.
        case webhooksDelivered = "webhooks_delivered"
        /// Webhook POSTs that failed (non-2xx or no answer).
        case webhookFailedAttempts = "webhook_failed_attempts"
        /// Deliveries given up after the last attempt.
        case webhooksAbandoned = "webhooks_abandoned"
    }

    private struct Counts {
        var requests = [Int](repeating: 0, count: Endpoint.allCases.count)
        var counters = [Int](repeating: 0, count: Counter.allCases.count)
    }

    private let counts = Mutex(Counts())

    /// Zeroed counters.
    public init() {}

    func count(_ endpoint: Endpoint) {
        let index = Self.index(of: endpoint)
        counts.withLock { $0.requests[index] += 1 }
    }

    func count(_ counter: Counter) {
        let index = Self.index(of: counter)
        counts.withLock { $0.counters[index] += 1 }
    }

    /// The requests to `endpoint` so far (dropped and refused ones included).
    public func requests(_ endpoint: Endpoint) -> Int {
        let index = Self.index(of: endpoint)
        return counts.withLock { $0.requests[index] }
    }

    /// The value of `counter`.
    public func value(_ counter: Counter) -> Int {
        let index = Self.index(of: counter)
        return counts.withLock { $0.counters[index] }
    }

    /// Every counter, as `GET /_sim/stats` serves it.
    public var snapshot: Snapshot {
        Snapshot(
            requests: Dictionary(uniqueKeysWithValues: Endpoint.allCases.map { ($0.rawValue, requests($0)) }),
            counters: Dictionary(uniqueKeysWithValues: Counter.allCases.map { ($0.rawValue, value($0)) })
        )
    }

    /// `{"requests": {"authorize": n, …}, "dropped": n, …}`.
    public struct Snapshot: Sendable, Hashable, Codable {
        /// Requests per endpoint, by ``Endpoint`` raw value.
        public var requests: [String: Int]
        /// The other counters, by ``Counter`` raw value.
        public var counters: [String: Int]

        /// The snapshot of `requests` and `counters`.
        public init(requests: [String: Int], counters: [String: Int]) {
            self.requests = requests
            self.counters = counters
        }

        /// Requests to `endpoint`.
        public func requests(_ endpoint: Endpoint) -> Int { requests[endpoint.rawValue] ?? 0 }

        /// The value of `counter`.
        public subscript(_ counter: Counter) -> Int { counters[counter.rawValue] ?? 0 }

        private struct DynamicKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: DynamicKey.self)
            var counters: [String: Int] = [:]
            var requests: [String: Int] = [:]
            for key in container.allKeys {
                if key.stringValue == "requests" {
                    requests = try container.decode([String: Int].self, forKey: key)
                } else {
                    counters[key.stringValue] = try container.decode(Int.self, forKey: key)
                }
            }
            self.init(requests: requests, counters: counters)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: DynamicKey.self)
            try container.encode(requests, forKey: DynamicKey(stringValue: "requests"))
            for (name, value) in counters {
                try container.encode(value, forKey: DynamicKey(stringValue: name))
            }
        }
    }

    private static let endpointIndex = Dictionary(uniqueKeysWithValues: Endpoint.allCases.enumerated().map { ($1, $0) })
    private static let counterIndex = Dictionary(uniqueKeysWithValues: Counter.allCases.enumerated().map { ($1, $0) })

    private static func index(of endpoint: Endpoint) -> Int { endpointIndex[endpoint] ?? 0 }

    private static func index(of counter: Counter) -> Int { counterIndex[counter] ?? 0 }
}
