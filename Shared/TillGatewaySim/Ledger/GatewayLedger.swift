import TillGatewayHTTP

/// The simulated gateway's books: payments, the answers recorded under idempotency keys, and the
/// `tok_flaky_2` attempt counts.
///
/// A pure state machine, with no clock, randomness or I/O of its own: each operation takes the
/// time, returns the answer to send and the webhook events to deliver, and the caller
/// (``GatewaySimulator``) does the rest. Unit-tested without sockets.
///
/// Idempotency keys are scoped per operation (an authorize and a void may share a key without
/// conflict). A replay with the same request returns the recorded answer, whatever happened since;
/// the same key with another request is an `idempotency_conflict`; a request refused as malformed
/// (`400`) records nothing. Keys are kept for the life of
/// the process.
struct GatewayLedger: Sendable {
    /// The operations whose answers are recorded.
    enum Operation: Sendable, Hashable {
        case authorize(AuthorizeBody)
        case capture(paymentID: String, CaptureBody)
        case void(paymentID: String, VoidBody)
        case refund(paymentID: String, RefundBody)

        fileprivate var scope: Scope {
            switch self {
            case .authorize: .authorize
            case .capture: .capture
            case .void: .void
            case .refund: .refund
            }
        }
    }

    /// What the caller does next.
    enum Result: Sendable {
        /// Send `outcome`; deliver `events`.
        case performed(GatewayOutcome, events: [WebhookEvent])
        /// Send the recorded `outcome` again.
        case replayed(GatewayOutcome)
        /// Send an `idempotency_conflict`.
        case conflict
    }

    fileprivate enum Scope: Sendable, Hashable {
        case authorize, capture, void, refund
    }

    private struct KeyScope: Sendable, Hashable {
        let scope: Scope
        let key: String
    }

    private struct Recorded: Sendable {
        let operation: Operation
        let outcome: GatewayOutcome
    }

    var payments: [String: SimulatedPayment] = [:]
    var identifiers: IdentifierGenerator
    let challengeURLPrefix: String
    private var recorded: [KeyScope: Recorded] = [:]
    private var flakyAttempts: [String: Int] = [:]

    init(challengeURLPrefix: String, identifiers: IdentifierGenerator) {
        self.challengeURLPrefix = challengeURLPrefix
        self.identifiers = identifiers
    }

    /// Counts an authorize attempt of a `tok_flaky_2` payment and says whether to drop it (the first
    /// ``TestCard/flakyDrops`` per payment). Dropped attempts record nothing else.
    mutating func dropsFlakyAttempt(paymentID: String) -> Bool {
        let attempts = flakyAttempts[paymentID, default: 0] + 1
        flakyAttempts[paymentID] = attempts
        return attempts <= TestCard.flakyDrops
    }

    /// Carries out `operation` under `key` at `now`, or replays what was recorded under it.
    mutating func perform(_ operation: Operation, key: String, now: Int64) -> Result {
        let keyScope = KeyScope(scope: operation.scope, key: key)
        if let previous = recorded[keyScope] {
            return previous.operation == operation ? .replayed(previous.outcome) : .conflict
        }
        let (outcome, events): (GatewayOutcome, [WebhookEvent])
        switch operation {
        case .authorize(let body):
            (outcome, events) = (authorize(body, now: now), [])
        case .capture(let paymentID, let body):
            (outcome, events) = capture(paymentID: paymentID, body, now: now)
        case .void(let paymentID, let body):
            (outcome, events) = (void(paymentID: paymentID, body, now: now), [])
        case .refund(let paymentID, let body):
            (outcome, events) = refund(paymentID: paymentID, body, now: now)
        }
        // Like a real gateway, a request refused by validation never started, so it records nothing.
        if case .failure(status: 400, _) = outcome {} else {
            recorded[keyScope] = Recorded(operation: operation, outcome: outcome)
        }
        return .performed(outcome, events: events)
    }

    /// The payment's true state.
    func payment(_ paymentID: String) -> PaymentBody? {
        payments[paymentID]?.body
    }
}
