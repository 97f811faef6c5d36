import TillPayments

/// An in-test payment gateway with the simulator's test cards (`API.md`, "Test fixtures"):
/// `tok_visa` authorizes, `tok_declined` / `tok_insufficient_funds` / `tok_3ds` refuse,
/// `tok_cvv_fail` authorizes with a CVV mismatch, `tok_flaky_2` drops the first two attempts per
/// payment (recording nothing), `tok_timeout` authorizes but times out. Counts every call.
actor TestGateway: PaymentGateway {
    struct Payment: Sendable {
        var state: PaymentState
        var authorizationID: String
        var amount: Money
        var captured: Int64 = 0
        var refunded: Int64 = 0
        var updatedAt: Int64
    }

    private(set) var calls: [String: Int] = [:]
    private(set) var payments: [String: Payment] = [:]
    private var flakyAttempts: [String: Int] = [:]
    /// When set, every call fails with `network` (a gateway that is down).
    var down = false
    /// Rows of the settlement report whose state is misreported (drift).
    var driftedStates: Set<String> = []
    let now: @Sendable () -> Int64

    init(now: @escaping @Sendable () -> Int64) {
        self.now = now
    }

    func setDown(_ down: Bool) { self.down = down }
    func drift(_ paymentID: String) { driftedStates.insert(paymentID) }
    func count(_ operation: String) -> Int { calls[operation, default: 0] }

    /// Forgets a payment (a gateway that lost it: `missing_gateway`).
    func forget(_ paymentID: String) { payments[paymentID] = nil }

    /// A payment the gateway has but Till never recorded.
    func insert(_ paymentID: String, amount: Money) {
        payments[paymentID] = Payment(state: .authorized, authorizationID: "auth_\(paymentID)", amount: amount, updatedAt: now())
    }

    private func enter(_ operation: String) throws(PaymentError) {
        calls[operation, default: 0] += 1
        if down { throw .network("gateway down") }
    }

    func authorize(_ request: AuthorizationRequest) async throws(PaymentError) -> Authorization {
        try enter("authorize")
        let id = request.paymentID
        if let existing = payments[id] {
            return Authorization(paymentID: id, authorizationID: existing.authorizationID, amount: existing.amount, checks: AuthorizationChecks(avs: .match, cvv: .match))
        }
        var checks = AuthorizationChecks(avs: .match, cvv: .match)
        switch request.cardToken.rawValue {
        case "tok_declined": throw .cardDeclined()
        case "tok_insufficient_funds": throw .insufficientFunds()
        case "tok_3ds": throw .authenticationRequired(challengeURL: "https://gateway.test/3ds/\(id)")
        case "tok_flaky_2":
            flakyAttempts[id, default: 0] += 1
            if flakyAttempts[id, default: 0] <= 2 { throw .network("connection closed without an answer") }
        case "tok_cvv_fail": checks.cvv = .mismatch
        default: break
        }
        let payment = Payment(state: .authorized, authorizationID: "auth_\(id)", amount: request.amount, updatedAt: now())
        payments[id] = payment
        if request.cardToken.rawValue == "tok_timeout" { throw .timeout("no answer in time") }
        return Authorization(paymentID: id, authorizationID: payment.authorizationID, amount: request.amount, checks: checks)
    }

    func capture(_ request: CaptureRequest) async throws(PaymentError) -> Capture {
        try enter("capture")
        guard var payment = payments[request.paymentID] else { throw .notFound("no such payment") }
        let amount = request.amount?.amount ?? payment.amount.amount
        if payment.state == .captured, payment.captured == amount {
            return Capture(paymentID: request.paymentID, capturedAmount: Money(amount: amount, currency: payment.amount.currency))
        }
        guard payment.state == .authorized else { throw .invalidState("not authorized", state: payment.state.rawValue) }
        payment.state = .captured
        payment.captured = amount
        payment.updatedAt = now()
        payments[request.paymentID] = payment
        return Capture(paymentID: request.paymentID, capturedAmount: Money(amount: amount, currency: payment.amount.currency))
    }

    func void(_ request: VoidRequest) async throws(PaymentError) -> VoidResult {
        try enter("void")
        guard var payment = payments[request.paymentID] else { throw .notFound("no such payment") }
        guard payment.state == .authorized || payment.state == .voided else { throw .invalidState("captured", state: payment.state.rawValue) }
        payment.state = .voided
        payment.updatedAt = now()
        payments[request.paymentID] = payment
        return VoidResult(paymentID: request.paymentID)
    }

    func refund(_ request: RefundRequest) async throws(PaymentError) -> Refund {
        try enter("refund")
        guard var payment = payments[request.paymentID] else { throw .notFound("no such payment") }
        let amount = request.amount?.amount ?? (payment.captured - payment.refunded)
        guard payment.state == .captured || payment.state == .partiallyRefunded, payment.refunded + amount <= payment.captured else {
            throw .invalidState("nothing to refund")
        }
        payment.refunded += amount
        payment.state = payment.refunded == payment.captured ? .refunded : .partiallyRefunded
        payment.updatedAt = now()
        payments[request.paymentID] = payment
        let currency = payment.amount.currency
        return Refund(
            paymentID: request.paymentID, refundID: "re_\(request.idempotencyKey)", amount: Money(amount: amount, currency: currency),
            totalRefunded: Money(amount: payment.refunded, currency: currency)
        )
    }

    func retrieve(paymentID: String) async throws(PaymentError) -> GatewayPayment? {
        try enter("retrieve")
        guard let payment = payments[paymentID] else { return nil }
        let currency = payment.amount.currency
        return GatewayPayment(
            paymentID: paymentID, state: payment.state, authorizationID: payment.authorizationID, amount: payment.amount,
            capturedAmount: Money(amount: payment.captured, currency: currency), refundedAmount: Money(amount: payment.refunded, currency: currency),
            updatedAt: payment.updatedAt
        )
    }

    func settlementReport(since: Int64, until: Int64, cursor: String?) async throws(PaymentError) -> SettlementReportPage {
        try enter("report")
        let window = ReconciliationWindow(since: since, until: until)
        let rows = payments.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.compactMap { id -> ReconciliationRecord? in
            guard let payment = payments[id], window.contains(payment.updatedAt), let compact = CompactID(id) else { return nil }
            let settled = [.captured, .partiallyRefunded, .refunded].contains(payment.state) ? payment.captured - payment.refunded : 0
            let state = driftedStates.contains(id) ? PaymentState.failed : payment.state
            return ReconciliationRecord(paymentID: compact, amount: settled, currency: payment.amount.currency, state: state, eventTime: payment.updatedAt)
        }
        // Two pages, so that paging is exercised.
        let start = cursor.flatMap(Int.init) ?? 0
        let end = min(rows.count, start + max(1, rows.count / 2))
        return SettlementReportPage(records: Array(rows[start..<end]), nextCursor: end < rows.count ? String(end) : nil)
    }
}
