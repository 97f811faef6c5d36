import AsyncHTTPClient
import Logging
import TillPayments

/// ``PaymentGateway`` over the gateway's HTTP API (`docs/GATEWAY-SIM.md`): the bundled simulator,
/// or a real gateway speaking the same API.
///
/// Each call is one HTTP request, its idempotency key sent as `Idempotency-Key`. There is no
/// retry and no circuit breaker here: the payments service wraps the adapter in both, and a retry
/// is safe because the key makes the gateway replay its first answer. Failures are
/// ``PaymentError``s:
/// - no connection, or the connection closed without an answer → `network` (retriable; the
///   gateway recorded nothing for a dropped request, so sending it again is safe);
/// - no answer within ``HTTPGatewayConfiguration/requestTimeout`` → `timeout` (retriable, but the
///   outcome is unknown: the gateway may have done it; ask ``retrieve(paymentID:)``);
/// - `5xx` → `unavailable` (retriable);
/// - the gateway's refusal → its code (`card_declined` with `details.decline_code`,
///   `insufficient_funds`, `authentication_required` with `details.challenge_url`,
///   `invalid_state`, `not_found`, `idempotency_conflict`, `bad_request`); anything else →
///   `internal`.
///
/// The `HTTPClient` is either borrowed (``init(configuration:httpClient:logger:)``: its owner
/// shuts it down) or owned (``init(configuration:logger:)``: call ``shutdown()`` once done).
public struct HTTPGateway: PaymentGateway {
    /// Where the gateway is and how long to wait.
    public let configuration: HTTPGatewayConfiguration
    let client: HTTPClient
    let logger: Logger
    /// What the HTTP client logs to: `logger` when it logs debug lines, else nothing. The client
    /// only writes trace and debug lines, but it sets two metadata entries on its logger for
    /// every request, and each set on Till's redacting handler redacts and copies metadata.
    let clientLogger: Logger
    private let ownsClient: Bool

    /// An adapter using `httpClient`, which the caller keeps and shuts down after the last call.
    /// Build it from ``HTTPGatewayConfiguration/httpClientConfiguration`` for the configured pool
    /// size and connect timeout.
    public init(configuration: HTTPGatewayConfiguration, httpClient: HTTPClient, logger: Logger) {
        self.configuration = configuration
        self.client = httpClient
        self.logger = logger
        self.clientLogger = Self.clientLogger(for: logger)
        self.ownsClient = false
    }

    /// An adapter with its own `HTTPClient`; call ``shutdown()`` after the last call.
    public init(configuration: HTTPGatewayConfiguration, logger: Logger) {
        self.configuration = configuration
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration.httpClientConfiguration)
        self.logger = logger
        self.clientLogger = Self.clientLogger(for: logger)
        self.ownsClient = true
    }

    /// Shuts the adapter's own client down (in-flight calls fail); a no-op for a borrowed client.
    public func shutdown() async throws {
        guard ownsClient else { return }
        try await client.shutdown()
    }

    public func authorize(_ request: AuthorizationRequest) async throws(PaymentError) -> Authorization {
        let body = AuthorizeBody(
            paymentID: request.paymentID, orderID: request.orderID, amount: request.amount.amount,
            currency: request.amount.currency.code, cardToken: request.cardToken.rawValue, customerID: request.customerID,
            email: request.email, billingCountry: request.billingCountry
        )
        let answer: AuthorizationBody = try await post(GatewayAPI.authorizationsPath, body, key: request.idempotencyKey, operation: "authorize")
        return Authorization(
            paymentID: answer.paymentID, authorizationID: answer.authorizationID,
            amount: try Self.money(answer.amount, answer.currency), checks: answer.checks
        )
    }

    public func capture(_ request: CaptureRequest) async throws(PaymentError) -> Capture {
        let body = CaptureBody(authorizationID: request.authorizationID, amount: request.amount?.amount, currency: request.amount?.currency.code)
        let path = GatewayAPI.capturePath(Self.pathSegment(request.paymentID))
        let answer: PaymentBody = try await post(path, body, key: request.idempotencyKey, operation: "capture")
        return Capture(paymentID: answer.paymentID, capturedAmount: try Self.money(answer.capturedAmount, answer.currency))
    }

    public func void(_ request: VoidRequest) async throws(PaymentError) -> VoidResult {
        let path = GatewayAPI.voidPath(Self.pathSegment(request.paymentID))
        let answer: PaymentBody = try await post(path, VoidBody(authorizationID: request.authorizationID), key: request.idempotencyKey, operation: "void")
        return VoidResult(paymentID: answer.paymentID)
    }

    public func refund(_ request: RefundRequest) async throws(PaymentError) -> Refund {
        let body = RefundBody(amount: request.amount?.amount, currency: request.amount?.currency.code, reason: request.reason)
        let path = GatewayAPI.refundsPath(Self.pathSegment(request.paymentID))
        let answer: RefundResultBody = try await post(path, body, key: request.idempotencyKey, operation: "refund")
        return Refund(
            paymentID: answer.paymentID, refundID: answer.refundID, amount: try Self.money(answer.amount, answer.currency),
            totalRefunded: try Self.money(answer.refundedAmount, answer.currency)
        )
    }

    public func retrieve(paymentID: String) async throws(PaymentError) -> GatewayPayment? {
        let answer: PaymentBody
        do throws(PaymentError) {
            answer = try await get(GatewayAPI.paymentPath(Self.pathSegment(paymentID)), operation: "retrieve")
        } catch where error.code == .notFound {
            return nil
        }
        return GatewayPayment(
            paymentID: answer.paymentID, state: answer.state, authorizationID: answer.authorizationID,
            amount: try Self.money(answer.amount, answer.currency), capturedAmount: try Self.money(answer.capturedAmount, answer.currency),
            refundedAmount: try Self.money(answer.refundedAmount, answer.currency), updatedAt: answer.updatedAt
        )
    }

    public func settlementReport(since: Int64, until: Int64, cursor: String?) async throws(PaymentError) -> SettlementReportPage {
        try await settlementReport(since: since, until: until, cursor: cursor, limit: GatewayAPI.defaultReportLimit)
    }

    /// One page of at most `limit` records (1 to ``GatewayAPI/maximumReportLimit``).
    public func settlementReport(since: Int64, until: Int64, cursor: String?, limit: Int) async throws(PaymentError) -> SettlementReportPage {
        var query = "since=\(since)&until=\(until)&limit=\(limit)"
        if let cursor { query += "&cursor=\(Self.pathSegment(cursor))" }
        let (records, next) = try await getLines(GatewayAPI.settlementsPath + "?" + query, operation: "settlement_report")
        return SettlementReportPage(records: records, nextCursor: next)
    }

    private static func clientLogger(for logger: Logger) -> Logger {
        logger.logLevel <= .debug ? logger : Logger(label: logger.label) { _ in SwiftLogNoOpLogHandler() }
    }

    private static func money(_ amount: Int64, _ code: String) throws(PaymentError) -> Money {
        guard let currency = Currency(code) else { throw .internal("gateway answered with unknown currency \(code)") }
        return Money(amount: amount, currency: currency)
    }
}
