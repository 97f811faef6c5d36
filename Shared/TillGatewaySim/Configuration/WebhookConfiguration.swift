/// Where and how the simulator delivers webhooks (`charge.captured`, `charge.refunded`).
///
/// A delivery is retried with exponential backoff (full jitter) until it gets a 2xx, for at most
/// ``maximumAttempts`` attempts and ``giveUpAfter`` in total; then it is abandoned and counted.
public struct WebhookConfiguration: Sendable, Hashable {
    /// The receiver, e.g. `http://127.0.0.1:7081/webhooks/gateway`.
    public var url: String
    /// The secret that signs (`Stripe-Signature`); never logged.
    public var secret: String
    /// Share of events delivered twice on purpose, so the receiver's dedup is exercised.
    public var duplicateRate: Double
    /// The first retry's wait.
    public var initialBackoff: Duration
    /// The longest wait between attempts.
    public var maximumBackoff: Duration
    /// How long after the first attempt a delivery is abandoned.
    public var giveUpAfter: Duration
    /// The most attempts per delivery.
    public var maximumAttempts: Int
    /// How long one attempt may take.
    public var requestTimeout: Duration

    /// Creates a configuration; the defaults retry for about ten minutes.
    public init(
        url: String,
        secret: String,
        duplicateRate: Double = 0,
        initialBackoff: Duration = .milliseconds(500),
        maximumBackoff: Duration = .seconds(60),
        giveUpAfter: Duration = .seconds(600),
        maximumAttempts: Int = 30,
        requestTimeout: Duration = .seconds(10)
    ) {
        self.url = url
        self.secret = secret
        self.duplicateRate = duplicateRate
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.giveUpAfter = giveUpAfter
        self.maximumAttempts = maximumAttempts
        self.requestTimeout = requestTimeout
    }

    /// The wait before attempt `attempt + 1` (`attempt` ≥ 1): a random share of
    /// `min(maximumBackoff, initialBackoff × 2^(attempt − 1))`.
    func backoff(afterAttempt attempt: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = min(maximumBackoff, initialBackoff * (1 << min(attempt - 1, 30)))
        let milliseconds = max(1, Int(ceiling / .milliseconds(1)))
        return .milliseconds(Int.random(in: (milliseconds / 2)...milliseconds, using: &generator))
    }
}
