import Foundation
import Logging
import TillAPI
import TillPayments
import TillRedis
import TillResilience
import TillTestSupport
import TillWire

@testable import TillPaymentsService

/// The payments service as `till-payments` assembles it, on a real Redis and an in-test gateway,
/// called through the same handler functions the RPC router calls.
struct PaymentsHarness {
    let redis: RedisClient
    let gateway: TestGateway
    let service: PaymentsService
    let idempotent: IdempotentExecutor
    let breaker: CircuitBreaker
    let prefix = LiveRedis.unique("p")

    init(redis: RedisClient, failureThreshold: Int = 5, recoveryMilliseconds: Int64 = 30_000, rate: RateLimit = .default) {
        self.redis = redis
        gateway = TestGateway(now: { Int64(Date().timeIntervalSince1970) })
        let logger = LiveRedis.logger
        breaker = CircuitBreaker(
            name: LiveRedis.unique("gateway"),
            configuration: BreakerConfiguration(failureThreshold: failureThreshold, recoveryTimeoutMilliseconds: recoveryMilliseconds),
            store: RedisCircuitBreakerStore(redis: redis), logger: logger
        )
        let resilient = ResilientGateway(gateway, breaker: breaker, retryPolicy: RetryPolicy(baseDelay: .milliseconds(2)), logger: logger)
        let fraud = FraudEngine.standard(
            blocklist: RedisFraudBlocklist(redis: redis),
            velocity: RedisVelocityCounter(redis: redis),
            configuration: FraudConfiguration(velocity: VelocityLimit(maxAttempts: 1_000, windowSeconds: 3_600))
        )
        var configuration = PaymentsService.Configuration()
        configuration.firstResolveDelayMilliseconds = 0
        service = PaymentsService(
            ledger: PaymentLedger(redis: redis), gateway: resilient, fraud: fraud,
            rateLimiter: RedisRateLimiter(redis: redis, rate: rate, name: LiveRedis.unique("authorize")), configuration: configuration, logger: logger
        )
        idempotent = IdempotentExecutor(store: RedisIdempotencyStore(redis: redis, logger: logger), instance: "payments-test", logger: logger)
    }

    func id(_ name: String) -> String { "\(prefix)-\(name)" }

    func params(_ payment: String, token: String = "tok_visa", amount: Int64 = 4_999, customer: String? = nil, email: String = "ann@example.com") -> AuthorizeParams {
        AuthorizeParams(
            paymentID: payment, orderID: "ord-\(payment)", amount: amount, currency: "USD", cardToken: token,
            customer: CustomerInfo(id: customer ?? "cus-\(payment)", email: email), billingCountry: "US"
        )
    }

    func context(_ method: String, key: String?) -> RPCContext {
        RPCContext(method: method, requestID: 1, clientName: "test", idempotencyKey: key, traceID: "trace-1", logger: LiveRedis.logger)
    }

    func authorize(_ params: AuthorizeParams, key: String? = nil) async throws -> AuthorizeResult {
        let json = try await PaymentsMethods.authorize(
            params, context: context("payments.authorize", key: key ?? "key-\(params.paymentID)"), service: service, idempotent: idempotent
        )
        return try decode(json)
    }

    func capture(_ payment: String, amount: Int64? = nil, key: String? = nil) async throws -> CaptureResult {
        try decode(
            await PaymentsMethods.capture(
                CaptureParams(paymentID: payment, amount: amount), context: context("payments.capture", key: key ?? "cap-\(payment)"),
                service: service, idempotent: idempotent
            )
        )
    }

    func void(_ payment: String, key: String? = nil) async throws -> TillAPI.VoidResult {
        try decode(
            await PaymentsMethods.void(
                PaymentIDParams(paymentID: payment), context: context("payments.void", key: key ?? "void-\(payment)"),
                service: service, idempotent: idempotent
            )
        )
    }

    func refund(_ payment: String, amount: Int64?, key: String) async throws -> RefundResult {
        try decode(
            await PaymentsMethods.refund(
                RefundParams(paymentID: payment, amount: amount, reason: "customer asked"), context: context("payments.refund", key: key),
                service: service, idempotent: idempotent
            )
        )
    }

    func decode<T: Decodable>(_ json: JSONValue) throws -> T {
        try JSONDecoder().decode(T.self, from: JSONEncoder().encode(json))
    }
}

/// The wire code of whatever `body` threw, or `nil` if it succeeded.
func errorCode(_ body: () async throws -> Void) async -> String? {
    do {
        try await body()
        return nil
    } catch let error as any WireErrorConvertible {
        return error.wireError.code.rawValue
    } catch {
        return "unexpected: \(error)"
    }
}
