import TillService

/// The payments-only settings (`TILL_GATEWAY_URL`, `TILL_WEBHOOK_*`, `TILL_FRAUD_*`,
/// `TILL_RATE_LIMIT`, …), validated at start by `till-payments`.
public struct PaymentsSettings: Sendable {
    /// The gateway's base URL; `nil`: every gateway call is `unavailable`.
    public var gatewayURL: String?
    /// How long one gateway request may take.
    public var gatewayTimeout: Duration
    /// Where the webhook listener binds.
    public var webhookListen: HostPort
    /// The webhook signing secrets (two during rotation); `nil`: no webhook listener.
    public var webhookSecrets: [String]?
    /// The fraud score at and above which a payment is flagged for review.
    public var fraudReviewThreshold: Int
    /// Authorization attempts per customer per period before the velocity rule blocks.
    public var fraudVelocity: Rate
    /// Customer ids and e-mail addresses blocked on every replica, besides the Redis set that
    /// operators edit (`till fraud block`); API.md's test address by default.
    public var defaultBlocklist: [String]
    /// Authorize requests per customer per period.
    public var rateLimit: Rate
    /// How often the resolver looks for unknown payments.
    public var resolverInterval: Duration
    /// How long the gateway circuit stays open before a probe.
    public var breakerRecovery: Duration

    /// Creates settings.
    public init(
        gatewayURL: String?, gatewayTimeout: Duration, webhookListen: HostPort, webhookSecrets: [String]?,
        fraudReviewThreshold: Int, fraudVelocity: Rate, rateLimit: Rate, resolverInterval: Duration, breakerRecovery: Duration,
        defaultBlocklist: [String] = ["blocked@example.com"]
    ) {
        self.defaultBlocklist = defaultBlocklist
        self.gatewayURL = gatewayURL
        self.gatewayTimeout = gatewayTimeout
        self.webhookListen = webhookListen
        self.webhookSecrets = webhookSecrets
        self.fraudReviewThreshold = fraudReviewThreshold
        self.fraudVelocity = fraudVelocity
        self.rateLimit = rateLimit
        self.resolverInterval = resolverInterval
        self.breakerRecovery = breakerRecovery
    }

    /// An `http://` or `https://` URL (a trailing `/` is dropped).
    public static var httpURL: SettingParser<String> {
        SettingParser(valueName: "url") { (text: String) throws(SettingParseFailure) -> String in
            guard text.hasPrefix("http://") || text.hasPrefix("https://"), text.count > "https://".count else {
                throw .expected("an http:// or https:// URL")
            }
            return text.hasSuffix("/") ? String(text.dropLast()) : text
        }
    }
}
