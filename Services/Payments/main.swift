import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import TillPayments
import TillPaymentsService
import TillResilience
import TillService

/// `till-payments`: Authorizations, captures, refunds, fraud screening and gateway webhooks.
@main
struct PaymentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till-payments",
        abstract: "Authorizations, captures, refunds, fraud screening and gateway webhooks.",
        discussion: "Every option can also be set by the TILL_* environment variable named in its help."
    )

    static let gatewayURL = Setting(
        optional: "TILL_GATEWAY_URL", parser: PaymentsSettings.httpURL,
        help: "Base URL of the payment gateway (till-gateway-sim); unset: every gateway call is unavailable"
    )
    static let webhookListen = Setting(
        "TILL_WEBHOOK_LISTEN", default: "127.0.0.1:7180", parser: .hostPort(allowingPortZero: true),
        help: "Where the gateway webhook listener binds (POST /webhooks/gateway)"
    )
    static let webhookSecrets = Setting(
        optional: "TILL_WEBHOOK_SECRETS", secret: true, parser: .list(of: .secret(minimumLength: 16), count: 1...2),
        help: "Webhook signing secrets, comma-separated (two during rotation); unset: no webhook listener"
    )
    static let fraudReviewThreshold = Setting(
        "TILL_FRAUD_REVIEW_THRESHOLD", default: "50", parser: .integer(in: 1...10_000),
        help: "Fraud score at and above which a payment is flagged for review"
    )
    static let fraudVelocity = Setting(
        "TILL_FRAUD_VELOCITY", default: "5/3600", parser: .rate,
        help: "Authorization attempts allowed per customer per period before the velocity rule blocks"
    )
    static let fraudBlocklist = Setting(
        "TILL_FRAUD_BLOCKLIST", default: "blocked@example.com", parser: .list(of: .string),
        help: "Customer ids and e-mails blocked on every replica, besides the Redis set till:fraud:blocklist"
    )
    static let rateLimit = Setting(
        "TILL_RATE_LIMIT", default: "100/60", parser: .rate,
        help: "Authorize requests allowed per customer per period"
    )
    static let gatewayTimeout = Setting(
        "TILL_GATEWAY_TIMEOUT_MS", default: "10000", parser: .milliseconds(in: 10...120_000),
        help: "How long one gateway request may take before its outcome counts as unknown"
    )
    static let resolverInterval = Setting(
        "TILL_RESOLVER_INTERVAL_MS", default: "1000", parser: .milliseconds(in: 10...600_000),
        help: "How often unknown payments are looked up at the gateway"
    )
    static let breakerRecovery = Setting(
        "TILL_GATEWAY_BREAKER_RECOVERY_MS", default: "30000", parser: .milliseconds(in: 10...600_000),
        help: "How long the gateway circuit stays open before a probe"
    )

    @OptionGroup var options: ServiceOptions

    @Option(name: Self.gatewayURL.optionName, help: Self.gatewayURL.help) var gatewayURL: String?
    @Option(name: Self.fraudBlocklist.optionName, help: Self.fraudBlocklist.help) var fraudBlocklist: String?
    @Option(name: Self.webhookListen.optionName, help: Self.webhookListen.help) var webhookListen: String?
    @Option(name: Self.webhookSecrets.optionName, help: Self.webhookSecrets.help) var webhookSecrets: String?
    @Option(name: Self.fraudReviewThreshold.optionName, help: Self.fraudReviewThreshold.help) var fraudReviewThreshold: String?
    @Option(name: Self.fraudVelocity.optionName, help: Self.fraudVelocity.help) var fraudVelocity: String?
    @Option(name: Self.rateLimit.optionName, help: Self.rateLimit.help) var rateLimit: String?
    @Option(name: Self.gatewayTimeout.optionName, help: Self.gatewayTimeout.help) var gatewayTimeout: String?
    @Option(name: Self.resolverInterval.optionName, help: Self.resolverInterval.help) var resolverInterval: String?
    @Option(name: Self.breakerRecovery.optionName, help: Self.breakerRecovery.help) var breakerRecovery: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try options.resolve(service: "payments", defaultListen: ServiceDefaults.listen(for: "payments"))
        let payments = PaymentsSettings(
            gatewayURL: try Self.gatewayURL.resolve(flag: gatewayURL, environment: environment),
            gatewayTimeout: try Self.gatewayTimeout.resolve(flag: gatewayTimeout, environment: environment),
            webhookListen: try Self.webhookListen.resolve(flag: webhookListen, environment: environment),
            webhookSecrets: try Self.webhookSecrets.resolve(flag: webhookSecrets, environment: environment),
            fraudReviewThreshold: try Self.fraudReviewThreshold.resolve(flag: fraudReviewThreshold, environment: environment),
            fraudVelocity: try Self.fraudVelocity.resolve(flag: fraudVelocity, environment: environment),
            rateLimit: try Self.rateLimit.resolve(flag: rateLimit, environment: environment),
            resolverInterval: try Self.resolverInterval.resolve(flag: resolverInterval, environment: environment),
            breakerRecovery: try Self.breakerRecovery.resolve(flag: breakerRecovery, environment: environment),
            defaultBlocklist: try Self.fraudBlocklist.resolve(flag: fraudBlocklist, environment: environment)
        )
        try await ServiceHost(settings: settings).runWithServices(configure: { router, context in
            try PaymentsAssembly(settings: payments, context: context).assemble(on: &router)
        })
    }
}
