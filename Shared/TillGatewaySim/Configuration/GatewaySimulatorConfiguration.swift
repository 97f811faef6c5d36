import TillResilience

/// Everything that shapes the simulator's behaviour: faults, latency, drift and webhooks.
///
/// The defaults are a well-behaved gateway: no latency, no faults, no drift, no webhooks. The
/// test cards of `API.md` behave the same whatever this says.
public struct GatewaySimulatorConfiguration: Sendable {
    /// Wait before handling each API request (not `/healthz`, `/readyz`, `/_sim/*`).
    public var latency: LatencyRange
    /// Share of API requests answered `503 unavailable` without doing anything.
    public var errorRate: Double
    /// Share of authorize, capture, void and refund requests carried out but answered only after
    /// ``timeoutAnswerDelay``, like `tok_timeout`.
    public var timeoutRate: Double
    /// How long `tok_timeout` (and the timeout rate) keeps the caller waiting; the default outlasts
    /// any sane client timeout, tests shorten it.
    public var timeoutAnswerDelay: Duration
    /// Falsified settlement report rows.
    public var drift: DriftConfiguration
    /// Webhook delivery; `nil` sends none.
    public var webhooks: WebhookConfiguration?
    /// The `challenge_url` of `tok_3ds` is this followed by the payment id.
    public var challengeURLPrefix: String
    /// Unix seconds now; tests inject a clock to place payments in report windows.
    public var clock: @Sendable () -> Int64

    /// Creates a configuration.
    public init(
        latency: LatencyRange = .zero,
        errorRate: Double = 0,
        timeoutRate: Double = 0,
        timeoutAnswerDelay: Duration = .seconds(60),
        drift: DriftConfiguration = .none,
        webhooks: WebhookConfiguration? = nil,
        challengeURLPrefix: String = "https://3ds.gateway-sim.test/challenge/",
        clock: @escaping @Sendable () -> Int64 = { UnixClock.nowSeconds() }
    ) {
        self.latency = latency
        self.errorRate = errorRate
        self.timeoutRate = timeoutRate
        self.timeoutAnswerDelay = timeoutAnswerDelay
        self.drift = drift
        self.webhooks = webhooks
        self.challengeURLPrefix = challengeURLPrefix
        self.clock = clock
    }
}
