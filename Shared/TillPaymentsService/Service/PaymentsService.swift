import Logging
import Synchronization
import TillAPI
import TillCrypto
import TillPayments
import TillResilience
import TillWire

/// The logic behind the `payments.*` methods: the ledger in Redis, the fraud screen, the per
/// customer rate limit and the (resilient) gateway.
///
/// Idempotency by key is the methods' layer (``PaymentsMethods`` runs each state-changing call
/// through ``IdempotentExecutor``); this type is idempotent by payment id: the gateway's
/// idempotency keys are derived from the payment (`<payment_id>:authorize`, `:capture`, `:void`),
/// so two calls for one payment under different client keys still make one authorization.
/// Refunds are the exception: each partial refund has its own client key, which is its gateway key.
public struct PaymentsService: Sendable {
    /// Tunables.
    public struct Configuration: Sendable {
        /// How long an authorization attempt owns its payment before another may take it over
        /// (longer than a gateway call with its retries).
        public var authorizationLeaseMilliseconds: Int64 = 30_000
        /// Where a fraud `challenge` sends the customer for 3-D Secure (`details.challenge_url`);
        /// the payment id is appended.
        public var challengeURLPrefix: String = "https://gateway.invalid/3ds/"
        /// When the resolver first looks at a payment that became `unknown`.
        public var firstResolveDelayMilliseconds: Int64 = 1_000

        /// The defaults.
        public init() {}
    }

    let ledger: PaymentLedger
    let gateway: any PaymentGateway
    let fraud: FraudEngine
    let rateLimiter: any RateLimiter
    let configuration: Configuration
    let logger: Logger

    /// Creates the service. `gateway` should be a ``ResilientGateway``.
    public init(
        ledger: PaymentLedger,
        gateway: any PaymentGateway,
        fraud: FraudEngine,
        rateLimiter: any RateLimiter,
        configuration: Configuration = Configuration(),
        logger: Logger
    ) {
        self.ledger = ledger
        self.gateway = gateway
        self.fraud = fraud
        self.rateLimiter = rateLimiter
        self.configuration = configuration
        self.logger = logger
    }

    // MARK: Helpers shared by the methods

    static func gatewayKey(_ paymentID: String, _ operation: String) -> String { "\(paymentID):\(operation)" }

    /// A unique owner token for one authorization attempt.
    static func makeOwner() -> String {
        let number = ownerSequence.wrappingAdd(1, ordering: .relaxed).newValue
        return "\(processNonce):\(number)"
    }

    private static let processNonce = Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255) })
    private static let ownerSequence = Atomic<UInt64>(0)

    /// The stored error of a failed payment, as it was first answered.
    static func replay(code: String, message: String) -> PaymentError {
        let known = PaymentError.Code.allCases.first { $0.rawValue == code } ?? .internal
        return PaymentError(known, message.isEmpty ? "payment failed earlier (\(code))" : message)
    }

    /// The assessment as stored in the ledger (the JSON ``report(json:)`` reads back).
    static func fraudJSON(_ assessment: FraudAssessment) -> String {
        CanonicalJSON.text(assessment.jsonValue)
    }

    static func report(_ assessment: FraudAssessment) -> FraudReport {
        FraudReport(
            decision: assessment.decision.rawValue,
            score: assessment.score,
            rules: assessment.verdicts.map {
                FraudRuleReport(rule: $0.rule, verdict: $0.verdict.rawValue, score: $0.score, reason: $0.reason)
            }
        )
    }

    /// The report stored by ``fraudJSON(_:)``; an unreadable one reads as an empty approval.
    static func report(json: String) -> FraudReport {
        CanonicalJSON.parse(Array(json.utf8)).flatMap(FraudReport.init(jsonValue:))
            ?? FraudReport(decision: "approve", score: 0, rules: [])
    }
}
