import TillGatewayHTTP
import TillPayments

/// The state machine of `API.md`, "Payment states", as the gateway sees it:
/// authorized → captured → partially_refunded/refunded; authorized → voided; declined → failed.
extension GatewayLedger {
    mutating func authorize(_ body: AuthorizeBody, now: Int64) -> GatewayOutcome {
        if let failure = Self.validate(body) { return failure }
        if let existing = payments[body.paymentID] {
            return .invalidState("payment \(body.paymentID) already exists", state: existing.state.rawValue)
        }
        let card = TestCard(token: body.cardToken)
        let failure: ErrorBody? =
            switch card {
            case .declined:
                ErrorBody(code: "card_declined", message: "card declined", declineCode: "generic_decline")
            case .insufficientFunds:
                ErrorBody(code: "insufficient_funds", message: "insufficient funds", declineCode: "insufficient_funds")
            case .threeDSecure:
                ErrorBody(
                    code: "authentication_required", message: "customer authentication required",
                    challengeURL: challengeURLPrefix + body.paymentID
                )
            case .visa, .cvvFailure, .flaky, .timeout:
                nil
            }
        let authorizationID = failure == nil ? identifiers.next("auth") : nil
        payments[body.paymentID] = SimulatedPayment(
            paymentID: body.paymentID, orderID: body.orderID, currency: body.currency, amount: body.amount,
            authorizationID: authorizationID, state: failure == nil ? .authorized : .failed, createdAt: now, updatedAt: now
        )
        if let failure { return .failure(status: 402, failure) }
        return .authorized(
            AuthorizationBody(
                paymentID: body.paymentID, authorizationID: authorizationID ?? "", state: .authorized, amount: body.amount,
                currency: body.currency, checks: AuthorizationChecks(avs: .match, cvv: card == .cvvFailure ? .mismatch : .match)
            )
        )
    }

    mutating func capture(paymentID: String, _ body: CaptureBody, now: Int64) -> (GatewayOutcome, [WebhookEvent]) {
        guard var payment = payments[paymentID], payment.authorizationID == body.authorizationID else {
            return (.notFound(paymentID), [])
        }
        guard payment.state == .authorized else {
            return (.invalidState("cannot capture a payment that is \(payment.state.rawValue)", state: payment.state.rawValue), [])
        }
        if let currency = body.currency, currency != payment.currency {
            return (.badRequest(field: "currency", "currency differs from the authorization's"), [])
        }
        let amount = body.amount ?? payment.amount
        guard amount > 0, amount <= payment.amount else {
            return (.badRequest(field: "amount", "amount must be from 1 to the authorized amount"), [])
        }
        payment.state = .captured
        payment.capturedAmount = amount
        payment.updatedAt = now
        payments[paymentID] = payment
        let event = makeEvent(.chargeCaptured, payment: payment, amount: amount, refundID: nil, now: now)
        return (.payment(payment.body), [event])
    }

    /// Voiding a voided payment succeeds again: a compensation must be safe to repeat.
    mutating func void(paymentID: String, _ body: VoidBody, now: Int64) -> GatewayOutcome {
        guard var payment = payments[paymentID], body.authorizationID == nil || body.authorizationID == payment.authorizationID
        else { return .notFound(paymentID) }
        switch payment.state {
        case .authorized:
            payment.state = .voided
            payment.updatedAt = now
            payments[paymentID] = payment
            return .payment(payment.body)
        case .voided:
            return .payment(payment.body)
        default:
            return .invalidState("cannot void a payment that is \(payment.state.rawValue)", state: payment.state.rawValue)
        }
    }

    mutating func refund(paymentID: String, _ body: RefundBody, now: Int64) -> (GatewayOutcome, [WebhookEvent]) {
        guard var payment = payments[paymentID] else { return (.notFound(paymentID), []) }
        guard payment.state == .captured || payment.state == .partiallyRefunded else {
            return (.invalidState("cannot refund a payment that is \(payment.state.rawValue)", state: payment.state.rawValue), [])
        }
        if let currency = body.currency, currency != payment.currency {
            return (.badRequest(field: "currency", "currency differs from the payment's"), [])
        }
        let left = payment.capturedAmount - payment.refundedAmount
        let amount = body.amount ?? left
        guard amount > 0 else { return (.badRequest(field: "amount", "amount must be positive"), []) }
        guard amount <= left else {
            return (.invalidState("refund of \(amount) exceeds the \(left) left", state: payment.state.rawValue), [])
        }
        payment.refundedAmount += amount
        payment.state = payment.refundedAmount == payment.capturedAmount ? .refunded : .partiallyRefunded
        payment.updatedAt = now
        payments[paymentID] = payment
        let refundID = identifiers.next("re")
        let event = makeEvent(.chargeRefunded, payment: payment, amount: amount, refundID: refundID, now: now)
        let result = RefundResultBody(
            paymentID: paymentID, refundID: refundID, amount: amount, currency: payment.currency,
            refundedAmount: payment.refundedAmount, state: payment.state
        )
        return (.refunded(result), [event])
    }

    private mutating func makeEvent(
        _ type: WebhookEvent.EventType, payment: SimulatedPayment, amount: Int64, refundID: String?, now: Int64
    ) -> WebhookEvent {
        let object = WebhookEvent.Object(
            paymentID: payment.paymentID, amount: amount, currency: payment.currency, orderID: payment.orderID,
            authorizationID: payment.authorizationID, state: payment.state, capturedAmount: payment.capturedAmount,
            refundedAmount: payment.refundedAmount, refundID: refundID
        )
        return WebhookEvent(id: identifiers.next("evt"), type: type, created: now, data: WebhookEvent.Data(object: object))
    }

    private static func validate(_ body: AuthorizeBody) -> GatewayOutcome? {
        if !isIdentifier(body.paymentID) { return .badRequest(field: "payment_id", "payment_id must be 1-64 characters [A-Za-z0-9_.:-]") }
        if body.orderID.isEmpty { return .badRequest(field: "order_id", "order_id must not be empty") }
        if body.amount <= 0 { return .badRequest(field: "amount", "amount must be positive") }
        if Currency(body.currency) == nil { return .badRequest(field: "currency", "unknown currency") }
        if body.cardToken.isEmpty { return .badRequest(field: "card_token", "card_token must not be empty") }
        return nil
    }

    /// `API.md`'s id rule: 1–64 characters `[A-Za-z0-9_.:-]`.
    static func isIdentifier(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: ":"),
                    UInt8(ascii: "-"):
                    true
                default:
                    false
                }
            }
    }
}
