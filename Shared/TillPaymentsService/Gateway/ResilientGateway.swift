import Logging
import TillPayments
import TillResilience

/// A ``PaymentGateway`` that sends every call of another one through the Redis-shared circuit
/// breaker and a ``RetryPolicy`` (3 attempts, 0.5 s × 2ⁿ full jitter by default).
///
/// What is retried:
/// - `network` (the connection failed or was dropped before an answer) and `unavailable` (the
///   gateway answered 5xx): every call carries its idempotency key, so a repeat that the gateway
///   had in fact processed is answered from its record, never performed twice.
/// - `timeout` for every call **but `authorize`**. An authorization that timed out may be
///   running at the gateway still (the simulator's `tok_timeout` answers after 60 s); sending it
///   again would only wait again, stacking requests on a gateway that is already slow, and
///   spend the caller's whole budget (three timeouts outlast the orchestrator's step timeout).
///   Its outcome is unknown, and the honest answer is to say so: the payment becomes `unknown`
///   and the resolver asks `retrieve` — a cheap read — with backoff until the gateway knows.
///   Captures, voids and refunds act on an authorization that exists, finish quickly at the
///   gateway, and are safe to repeat under their key, so their timeouts are retried.
/// - Never a refusal of the breaker itself: an open circuit fails fast (that is its purpose), and
///   never a business answer (declines, `invalid_state`), which a repeat would not change.
///
/// Each attempt is one breaker call, so every failed attempt counts towards opening the circuit
/// for all replicas; a healthy call costs one Redis command (``BreakerPermit/successIsNoOp``).
public struct ResilientGateway: PaymentGateway {
    /// The deadline of the request being served, if its caller sent one: retries never sleep
    /// past it (the caller stopped waiting). The methods set it around each call.
    @TaskLocal public static var deadline: ContinuousClock.Instant?

    private let base: any PaymentGateway
    private let breaker: CircuitBreaker
    private let retryPolicy: RetryPolicy
    private let logger: Logger

    /// Wraps `base`.
    public init(_ base: any PaymentGateway, breaker: CircuitBreaker, retryPolicy: RetryPolicy = RetryPolicy(), logger: Logger) {
        self.base = base
        self.breaker = breaker
        self.retryPolicy = retryPolicy
        self.logger = logger
    }

    public func authorize(_ request: AuthorizationRequest) async throws(PaymentError) -> Authorization {
        try await call("authorize", retryingTimeouts: false) { () async throws(PaymentError) in try await base.authorize(request) }
    }

    public func capture(_ request: CaptureRequest) async throws(PaymentError) -> Capture {
        try await call("capture", retryingTimeouts: true) { () async throws(PaymentError) in try await base.capture(request) }
    }

    public func void(_ request: VoidRequest) async throws(PaymentError) -> TillPayments.VoidResult {
        try await call("void", retryingTimeouts: true) { () async throws(PaymentError) in try await base.void(request) }
    }

    public func refund(_ request: RefundRequest) async throws(PaymentError) -> Refund {
        try await call("refund", retryingTimeouts: true) { () async throws(PaymentError) in try await base.refund(request) }
    }

    public func retrieve(paymentID: String) async throws(PaymentError) -> GatewayPayment? {
        try await call("retrieve", retryingTimeouts: true) { () async throws(PaymentError) in try await base.retrieve(paymentID: paymentID) }
    }

    public func settlementReport(since: Int64, until: Int64, cursor: String?) async throws(PaymentError) -> SettlementReportPage {
        try await call("settlement_report", retryingTimeouts: true) { () async throws(PaymentError) in
            try await base.settlementReport(since: since, until: until, cursor: cursor)
        }
    }

    /// Whether a failed attempt is worth another one (see the type's documentation).
    static func isRetriable(_ error: PaymentError, retryingTimeouts: Bool) -> Bool {
        if error.underlying is CircuitOpenError { return false }
        switch error.code {
        case .network, .unavailable: return true
        case .timeout: return retryingTimeouts
        default: return false
        }
    }

    private func call<Result: Sendable>(
        _ operation: String,
        retryingTimeouts: Bool,
        _ body: () async throws(PaymentError) -> Result
    ) async throws(PaymentError) -> Result {
        try await retryPolicy.run(deadline: Self.deadline, isRetriable: { (error: PaymentError) in Self.isRetriable(error, retryingTimeouts: retryingTimeouts) }) {
            (attempt: Int) async throws(PaymentError) -> Result in
            if attempt > 1 {
                logger.debug("Retrying gateway call", metadata: ["gateway.operation": "\(operation)", "gateway.attempt": "\(attempt)"])
            }
            do {
                return try await breaker.run { () async throws -> Result in try await body() }
            } catch let error as PaymentError {
                throw error
            } catch let error as CircuitOpenError {
                throw .unavailable(error)
            } catch is CancellationError {
                throw .unavailable("the gateway call was cancelled")
            } catch {
                // The breaker's state could not be read (Redis down): refuse rather than call blind.
                throw .unavailable("gateway circuit breaker state unavailable", underlying: error)
            }
        }
    }
}
