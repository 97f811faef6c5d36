import Logging
import ServiceLifecycle
import TillPayments
import TillResilience
import TillGatewayHTTP
import TillService
import TillWire

/// Builds the payments service from its settings: the gateway behind the shared breaker and
/// retries, the fraud screen and rate limit on Redis, the idempotent methods, and the
/// long-running services (webhook listener, unknown-payment resolver, daily reconciliation).
public struct PaymentsAssembly {
    let settings: PaymentsSettings
    let context: ServiceContext

    /// An assembly of `settings` in the host's `context`.
    public init(settings: PaymentsSettings, context: ServiceContext) {
        self.settings = settings
        self.context = context
    }

    /// Registers the `payments.*` methods on `router` and returns the services to run beside them.
    public func assemble(on router: inout RPCRouter) throws -> [any Service] {
        let redis = context.redis
        let logger = context.logger
        var breakerConfiguration = BreakerConfiguration()
        breakerConfiguration.recoveryTimeoutMilliseconds = Int64(settings.breakerRecovery.components.seconds * 1000)
            + settings.breakerRecovery.components.attoseconds / 1_000_000_000_000_000
        // State in Redis: failures seen by one replica open the breaker for every replica.
        let breaker = CircuitBreaker(
            name: "gateway", configuration: breakerConfiguration, store: RedisCircuitBreakerStore(redis: redis), logger: logger
        )
        context.breakers.monitor(breaker)
        let (adapter, adapterLifecycle) = makeGateway(logger: logger)
        let gateway = ResilientGateway(adapter, breaker: breaker, logger: logger)

        let velocity = settings.fraudVelocity
        let fraud = FraudEngine.standard(
            blocklist: LayeredFraudBlocklist([StaticFraudBlocklist(settings.defaultBlocklist), RedisFraudBlocklist(redis: redis)]),
            velocity: RedisVelocityCounter(redis: redis),
            configuration: FraudConfiguration(
                reviewThreshold: settings.fraudReviewThreshold,
                velocity: VelocityLimit(maxAttempts: Int64(velocity.count), windowSeconds: max(1, velocity.period.components.seconds))
            )
        )
        let rate = settings.rateLimit
        let limiter = RedisRateLimiter(
            redis: redis, rate: RateLimit(limit: Int64(rate.count), periodSeconds: max(1, rate.period.components.seconds)),
            name: "payments.authorize"
        )
        var configuration = PaymentsService.Configuration()
        if let url = settings.gatewayURL { configuration.challengeURLPrefix = url + "/3ds/" }
        let ledger = PaymentLedger(redis: redis)
        let service = PaymentsService(
            ledger: ledger, gateway: gateway, fraud: fraud, rateLimiter: limiter, configuration: configuration, logger: logger
        )
        let idempotent = IdempotentExecutor(
            store: RedisIdempotencyStore(redis: redis, logger: logger), instance: context.settings.instance, logger: logger
        )
        PaymentsMethods.register(on: &router, service: service, idempotent: idempotent)

        var resolverConfiguration = UnknownPaymentResolver.Configuration()
        resolverConfiguration.interval = settings.resolverInterval
        // The gateway's HTTP client first: it is stopped after everything that calls it.
        var services: [any Service] = adapterLifecycle.map { [$0] } ?? []
        services += [
            UnknownPaymentResolver(service: service, configuration: resolverConfiguration, logger: logger),
            DailyReconciliation(service: service, redis: redis, instance: context.settings.instance, logger: logger),
        ]
        if let secrets = settings.webhookSecrets {
            services.append(
                WebhookListener(
                    host: settings.webhookListen.host, port: settings.webhookListen.port,
                    verifier: WebhookVerifier(secrets: secrets),
                    events: RedisWebhookEventStore(redis: redis),
                    processor: WebhookProcessor(ledger: ledger, redis: redis, logger: logger),
                    logger: logger
                )
            )
        } else {
            logger.warning("TILL_WEBHOOK_SECRETS is not set: no webhook listener")
        }
        return services
    }

    /// The gateway adapter for `TILL_GATEWAY_URL` (no retries or breaker inside: those are
    /// ``ResilientGateway``'s), and the service that shuts its HTTP client down.
    private func makeGateway(logger: Logger) -> (any PaymentGateway, (any Service)?) {
        guard let url = settings.gatewayURL else {
            logger.warning("TILL_GATEWAY_URL is not set: every gateway call is unavailable")
            return (UnconfiguredGateway(), nil)
        }
        let gateway = HTTPGateway(
            configuration: HTTPGatewayConfiguration(baseURL: url, requestTimeout: settings.gatewayTimeout), logger: logger
        )
        return (gateway, GatewayClientLifecycle(gateway: gateway, logger: logger))
    }
}

/// Keeps the gateway adapter's HTTP client until graceful shutdown, then closes it.
struct GatewayClientLifecycle: Service {
    let gateway: HTTPGateway
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        do {
            try await gateway.shutdown()
        } catch {
            logger.info("Gateway HTTP client shut down with an error", metadata: ["error": "\(error)"])
        }
    }
}

/// The gateway when none is configured: every call is `unavailable`.
struct UnconfiguredGateway: PaymentGateway {
    private var refusal: PaymentError { .unavailable("no payment gateway is configured (TILL_GATEWAY_URL)") }
    func authorize(_ request: AuthorizationRequest) async throws(PaymentError) -> Authorization { throw refusal }
    func capture(_ request: CaptureRequest) async throws(PaymentError) -> Capture { throw refusal }
    func void(_ request: VoidRequest) async throws(PaymentError) -> VoidResult { throw refusal }
    func refund(_ request: RefundRequest) async throws(PaymentError) -> Refund { throw refusal }
    func retrieve(paymentID: String) async throws(PaymentError) -> GatewayPayment? { throw refusal }
    func settlementReport(since: Int64, until: Int64, cursor: String?) async throws(PaymentError) -> SettlementReportPage { throw refusal }
}
