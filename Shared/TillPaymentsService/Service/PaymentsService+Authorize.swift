import Logging
import TillAPI
import TillPayments
import TillResilience
import TillWire

extension PaymentsService {
    /// `payments.authorize`: claim the payment in the ledger, screen it (blocklist, velocity,
    /// country, amount), rate-limit the customer, ask the gateway, judge its AVS/CVV answer, record
    /// the outcome. Eight Redis commands in all on the success path, counting the idempotency
    /// claim and completion around it.
    ///
    /// - A gateway timeout (or a connection lost after retries) leaves the payment `unknown` and
    ///   answers `unavailable`; the resolver asks the gateway later, never charging again.
    /// - An AVS/CVV mismatch voids the authorization at once and answers `fraud_blocked`.
    /// - A void that arrived while the gateway worked is carried out as soon as it answers.
    public func authorize(
        _ params: AuthorizeParams, paramsHash: String, traceID: String?, logger: Logger
    ) async throws(PaymentError) -> AuthorizeResult {
        let id = params.paymentID
        let currency = try Currency.require(params.currency)
        let money = Money(amount: params.amount, currency: currency)
        let owner = Self.makeOwner()

        switch try await ledger.begin(
            paymentID: id, orderID: params.orderID, amount: params.amount, currency: currency.code,
            paramsHash: paramsHash, owner: owner, leaseMilliseconds: configuration.authorizationLeaseMilliseconds, source: .api
        ) {
        case .proceed: break
        case .busy: throw .idempotencyInProgress()
        case .conflict: throw .idempotencyConflict()
        case .unknown: throw Self.outcomeUnknown(id)
        case .voidRequested: throw .invalidState("payment \(id) is being voided", state: "void_requested")
        case .voided(let code, let message):
            throw code.isEmpty ? .invalidState("payment \(id) was voided", state: "voided") : Self.replay(code: code, message: message)
        case .failed(let code, let message): throw Self.replay(code: code, message: message)
        case .authorized(let authorizationID, let fraudJSON):
            return AuthorizeResult(paymentID: id, authorizationID: authorizationID, fraud: Self.report(json: fraudJSON))
        }

        var context = FraudContext(
            paymentID: id, orderID: params.orderID, customerID: params.customer.id, email: params.customer.email,
            ip: params.customer.ip, amount: money, billingCountry: params.billingCountry, cardCountry: params.cardCountry
        )
        let screened: FraudAssessment
        do throws(PaymentError) {
            screened = try await fraud.assess(context, phase: .beforeAuthorization)
            if let refusal = screened.refusal(challengeURL: configuration.challengeURLPrefix + id) {
                try await fail(id, owner: owner, error: refusal, fraud: screened, traceID: traceID, orderID: params.orderID, reachedGateway: false)
                throw refusal
            }
            try await enforceRateLimit(customerID: params.customer.id)
        } catch where error.retriable {
            await abandon(id, owner: owner, logger: logger)
            throw error
        }

        let authorization: Authorization
        do throws(PaymentError) {
            authorization = try await gateway.authorize(
                AuthorizationRequest(
                    paymentID: id, orderID: params.orderID, amount: money, cardToken: CardToken(rawValue: params.cardToken),
                    customerID: params.customer.id, email: params.customer.email, billingCountry: params.billingCountry,
                    idempotencyKey: Self.gatewayKey(id, "authorize")
                )
            )
        } catch {
            try await gatewayFailed(error, id: id, owner: owner, fraud: screened, traceID: traceID, orderID: params.orderID, logger: logger)
        }

        context.authorizationChecks = authorization.checks
        let assessment = try await fraud.assess(context, phase: .afterAuthorization, continuing: screened)
        if assessment.decision == .block {
            try await voidFraudulent(authorization, owner: owner, assessment: assessment, traceID: traceID, orderID: params.orderID, logger: logger)
        }

        let event = PaymentEvent(
            "payment.authorized", paymentID: id, traceID: traceID, orderID: params.orderID, amount: params.amount,
            currency: currency.code, state: "authorized", source: .api
        )
        let result = AuthorizeResult(paymentID: id, authorizationID: authorization.authorizationID, fraud: Self.report(assessment))
        switch try await ledger.settle(
            paymentID: id, owner: owner, outcome: PaymentState.authorized.rawValue, authorizationID: authorization.authorizationID,
            fraudJSON: Self.fraudJSON(assessment), reachedGateway: true, source: .api, event: event
        ) {
        case .ok:
            return result
        case .voidRequested:
            await voidNow(id, authorizationID: authorization.authorizationID, traceID: traceID, logger: logger)
            throw .invalidState("payment \(id) was voided while it was being authorized", state: "voided")
        case .lost(let state):
            // A takeover of a lapsed lease made the same gateway call (same key), or the resolver
            // settled it: the same authorization, possibly moved on since.
            if ["authorized", "captured", "partially_refunded", "refunded"].contains(state) { return result }
            if state == "voided" { throw .invalidState("payment \(id) was voided", state: state) }
            throw .idempotencyInProgress()
        }
    }

    // MARK: Steps

    private func enforceRateLimit(customerID: String) async throws(PaymentError) {
        do {
            try await rateLimiter.enforce(key: customerID)
        } catch let error as RateLimitedError {
            throw .rateLimited(retryAfterMilliseconds: error.retryAfterMilliseconds)
        } catch {
            throw .unavailable("rate limiter unavailable", underlying: error)
        }
    }

    /// Records a final refusal (fraud, decline) so that a repeat for this payment is answered the same.
    func fail(
        _ id: String, owner: String, error: PaymentError, fraud: FraudAssessment?, traceID: String?, orderID: String,
        outcome: String = PaymentState.failed.rawValue, reachedGateway: Bool = true
    ) async throws(PaymentError) {
        let event = PaymentEvent(
            outcome == PaymentState.voided.rawValue ? "payment.voided" : "payment.failed",
            paymentID: id, traceID: traceID, orderID: orderID, state: outcome, source: .api, detail: error.code.rawValue
        )
        _ = try await ledger.settle(
            paymentID: id, owner: owner, outcome: outcome, fraudJSON: fraud.map(Self.fraudJSON), error: error,
            reachedGateway: reachedGateway, source: .api, event: event
        )
    }

    private func abandon(_ id: String, owner: String, logger: Logger) async {
        do {
            try await ledger.abandon(paymentID: id, owner: owner, source: .api)
        } catch {
            logger.warning("Abandoned authorization not released; its lease lapses", metadata: ["payment.id": "\(id)", "error": "\(error)"])
        }
    }

    /// Classifies a gateway failure and records it; always throws.
    private func gatewayFailed(
        _ error: PaymentError, id: String, owner: String, fraud: FraudAssessment, traceID: String?, orderID: String, logger: Logger
    ) async throws(PaymentError) -> Never {
        switch error.code {
        case .timeout, .network:
            // The gateway may have authorized: the outcome is unknown until the resolver asks.
            let event = PaymentEvent("payment.unknown", paymentID: id, traceID: traceID, orderID: orderID, state: "unknown", source: .api)
            _ = try await ledger.settle(
                paymentID: id, owner: owner, outcome: PaymentState.unknown.rawValue, fraudJSON: Self.fraudJSON(fraud), reachedGateway: true,
                source: .api, event: event
            )
            try await ledger.markUnresolved(id, delayMilliseconds: configuration.firstResolveDelayMilliseconds)
            logger.warning("Authorization outcome unknown; the resolver will ask the gateway", metadata: ["payment.id": "\(id)", "error": "\(error.code)"])
            throw Self.outcomeUnknown(id)
        case _ where error.retriable:
            // Refused before the gateway acted (5xx, open circuit, its rate limit): try again later.
            await abandon(id, owner: owner, logger: logger)
            throw error
        default:
            try await fail(id, owner: owner, error: error, fraud: fraud, traceID: traceID, orderID: orderID)
            throw error
        }
    }

    /// `avs_cvv` blocked an authorization the gateway granted: void it at once. If the void cannot
    /// be made now the payment is `void_requested` and the resolver finishes it. Always throws.
    private func voidFraudulent(
        _ authorization: Authorization, owner: String, assessment: FraudAssessment, traceID: String?, orderID: String, logger: Logger
    ) async throws(PaymentError) -> Never {
        let id = authorization.paymentID
        let refusal = assessment.refusal(challengeURL: configuration.challengeURLPrefix + id) ?? .fraudBlocked(rule: "avs_cvv")
        do throws(PaymentError) {
            _ = try await gateway.void(
                VoidRequest(paymentID: id, authorizationID: authorization.authorizationID, idempotencyKey: Self.gatewayKey(id, "void"))
            )
            try await fail(id, owner: owner, error: refusal, fraud: assessment, traceID: traceID, orderID: orderID, outcome: PaymentState.voided.rawValue)
        } catch {
            logger.warning("Fraudulent authorization not voided yet; the resolver retries", metadata: ["payment.id": "\(id)", "error": "\(error)"])
            try await fail(id, owner: owner, error: refusal, fraud: assessment, traceID: traceID, orderID: orderID, outcome: "void_requested")
            try await ledger.markUnresolved(id)
        }
        throw refusal
    }

    /// Voids an authorization whose void was requested while it was being made.
    func voidNow(_ id: String, authorizationID: String?, traceID: String?, logger: Logger) async {
        do {
            _ = try await gateway.void(VoidRequest(paymentID: id, authorizationID: authorizationID, idempotencyKey: Self.gatewayKey(id, "void")))
            let event = PaymentEvent("payment.voided", paymentID: id, traceID: traceID, state: "voided", source: .api)
            _ = try await ledger.transition(
                paymentID: id, from: ["void_requested", "unknown", "pending", "authorized"], to: "voided", source: .api, event: event,
                fields: authorizationID.map { [("auth", $0)] } ?? []
            )
        } catch {
            logger.warning("Requested void not carried out yet; the resolver retries", metadata: ["payment.id": "\(id)", "error": "\(error)"])
            try? await ledger.markUnresolved(id)
        }
    }

    static func outcomeUnknown(_ id: String) -> PaymentError {
        PaymentError(
            .unavailable, "the gateway did not answer; the outcome of payment \(id) is unknown and being resolved",
            details: ["payment_state": "unknown"]
        )
    }
}
