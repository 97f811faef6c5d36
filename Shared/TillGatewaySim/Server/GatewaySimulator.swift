import Logging
import ServiceLifecycle
import Synchronization
import TillGatewayHTTP

/// The simulated gateway's behaviour, independent of HTTP: fault injection, the ledger under a
/// lock, answer delays, webhooks and counters. ``GatewaySimulatorServer`` puts it on a socket.
///
/// The ledger sits behind a `Mutex`, not in an actor: every operation on it is a short synchronous
/// update with no suspension, so a lock is cheaper than an actor hop on each of thousands of
/// requests a second, and the waits (latency, `tok_timeout`) happen outside it.
public final class GatewaySimulator: Sendable {
    /// What to do with a request.
    enum Reply: Sendable {
        /// Send this answer.
        case answer(GatewayOutcome)
        /// Close the connection without an answer.
        case drop
    }

    /// The configuration it runs with.
    public let configuration: GatewaySimulatorConfiguration
    /// What it did so far.
    public let stats: SimulatorStats
    private let ledger: Mutex<GatewayLedger>
    private let webhooks: WebhookDispatcher?
    private let pager: SettlementReportPager
    /// Rows falsified on request (`POST /_sim/drift`), on top of the configured drift.
    private let pinnedDrift = Mutex<[String: DriftConfiguration.Kind]>([:])
    private let logger: Logger

    /// A simulator with an empty ledger; `webhooks` delivers its events (it must be running).
    init(configuration: GatewaySimulatorConfiguration, stats: SimulatorStats, webhooks: WebhookDispatcher?, logger: Logger) {
        var generator = SystemRandomNumberGenerator()
        self.configuration = configuration
        self.stats = stats
        self.ledger = Mutex(
            GatewayLedger(challengeURLPrefix: configuration.challengeURLPrefix, identifiers: IdentifierGenerator(using: &generator))
        )
        self.webhooks = webhooks
        self.pager = SettlementReportPager(drift: configuration.drift)
        self.logger = logger
    }

    /// Authorize, capture, void or refund under the idempotency `key`.
    func perform(_ operation: GatewayLedger.Operation, key: String) async -> Reply {
        stats.count(operation.endpoint)
        if let refusal = await admit() { return refusal }
        if case .authorize(let body) = operation, TestCard(token: body.cardToken) == .flaky,
            ledger.withLock({ $0.dropsFlakyAttempt(paymentID: body.paymentID) })
        {
            stats.count(.dropped)
            return .drop
        }
        let now = configuration.clock()
        let result = ledger.withLock { $0.perform(operation, key: key, now: now) }
        let outcome: GatewayOutcome
        var delayed = false
        switch result {
        case .performed(let performed, let events):
            outcome = performed
            count(performed, of: operation)
            for event in events { webhooks?.enqueue(event) }
            delayed = configuration.timeoutRate > 0 && Double.random(in: 0..<1) < configuration.timeoutRate
        case .replayed(let recorded):
            outcome = recorded
            stats.count(.replays)
        case .conflict:
            outcome = .idempotencyConflict
            stats.count(.conflicts)
        }
        if case .authorize(let body) = operation, TestCard(token: body.cardToken) == .timeout { delayed = true }
        if delayed { await holdAnswer() }
        return .answer(outcome)
    }

    /// The payment's true state, never delayed: how a caller resolves a timeout.
    func retrieve(paymentID: String) async -> Reply {
        stats.count(.retrieve)
        if let refusal = await admit() { return refusal }
        let payment = ledger.withLock { $0.payment(paymentID) }
        return .answer(payment.map(GatewayOutcome.payment) ?? .notFound(paymentID))
    }

    /// One page of the settlement report, or a refusal.
    func report(since: Int64, until: Int64, cursor: String?, limit: Int) async -> Result<SettlementReportPager.Page, Refusal> {
        stats.count(.report)
        if let refusal = await admit() {
            return .failure(Refusal(reply: refusal))
        }
        let rows = ledger.withLock { $0.settlementRows(since: since, until: until, after: cursor) }
        let pinned = pinnedDrift.withLock { $0 }
        return .success(pager.page(of: rows, limit: limit, pinned: pinned))
    }

    /// The rows of `[since, until)` the drift configuration falsifies, by payment id: the answer
    /// key for a reconciliation test.
    public func drifted(since: Int64, until: Int64) -> [String: DriftConfiguration.Kind] {
        let rows = ledger.withLock { $0.settlementRows(since: since, until: until, after: nil) }
        let pinned = pinnedDrift.withLock { $0 }
        var drifted: [String: DriftConfiguration.Kind] = [:]
        for row in rows {
            if let kind = pinned[row.paymentID] ?? configuration.drift.kind(for: row.paymentID) { drifted[row.paymentID] = kind }
        }
        return drifted
    }

    /// Falsifies the report rows of these payments from now on, each the way given (a payment
    /// pinned again takes the new kind): how a demo or test injects exactly the discrepancies it
    /// wants into a running simulator, whatever `TILL_GATEWAY_DRIFT` says.
    public func pinDrift(_ pins: [String: DriftConfiguration.Kind]) {
        pinnedDrift.withLock { $0.merge(pins) { _, new in new } }
    }

    /// Forgets every pinned row; the configured drift stays.
    public func clearPinnedDrift() {
        pinnedDrift.withLock { $0.removeAll() }
    }

    /// A request refused before it did anything.
    struct Refusal: Error, Sendable {
        let reply: Reply
    }

    /// Waits out the latency, then decides whether the error rate refuses the request.
    private func admit() async -> Reply? {
        if !configuration.latency.isZero {
            var generator = SystemRandomNumberGenerator()
            try? await Task.sleep(for: configuration.latency.sample(using: &generator))
        }
        guard configuration.errorRate > 0, Double.random(in: 0..<1) < configuration.errorRate else { return nil }
        stats.count(.injectedErrors)
        return .answer(.unavailable)
    }

    /// Keeps the caller waiting like a gateway that has done the work but not answered; cut short
    /// by graceful shutdown so a stopping simulator does not hang on it.
    private func holdAnswer() async {
        stats.count(.delayedAnswers)
        let delay = configuration.timeoutAnswerDelay
        try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: delay)
        }
    }

    private func count(_ outcome: GatewayOutcome, of operation: GatewayLedger.Operation) {
        switch (operation, outcome) {
        case (.authorize, .authorized): stats.count(.authorizationsCreated)
        case (.authorize, .failure(status: 402, _)): stats.count(.declines)
        case (.capture, .payment): stats.count(.captures)
        case (.void, .payment): stats.count(.voids)
        case (.refund, .refunded): stats.count(.refunds)
        default: break
        }
    }
}

extension GatewayLedger.Operation {
    var endpoint: SimulatorStats.Endpoint {
        switch self {
        case .authorize: .authorize
        case .capture: .capture
        case .void: .void
        case .refund: .refund
        }
    }
}
