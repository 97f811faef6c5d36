/// A successful authorization.
public struct Authorization: Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The gateway's id of the authorization.
    public var authorizationID: String
    /// The amount held.
    public var amount: Money
    /// The issuer's AVS and CVV answers, judged by the `avs_cvv` rule.
    public var checks: AuthorizationChecks

    /// Creates a result.
    public init(paymentID: String, authorizationID: String, amount: Money, checks: AuthorizationChecks) {
        self.paymentID = paymentID
        self.authorizationID = authorizationID
        self.amount = amount
        self.checks = checks
    }
}

/// A successful capture.
public struct Capture: Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// What was captured.
    public var capturedAmount: Money

    /// Creates a result.
    public init(paymentID: String, capturedAmount: Money) {
        self.paymentID = paymentID
        self.capturedAmount = capturedAmount
    }
}

/// A successful void.
public struct VoidResult: Sendable, Hashable {
    /// The payment, now `voided`.
    public var paymentID: String

    /// Creates a result.
    public init(paymentID: String) {
        self.paymentID = paymentID
    }
}

/// A successful refund.
public struct Refund: Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The gateway's id of this refund.
    public var refundID: String
    /// What this refund returned.
    public var amount: Money
    /// Everything refunded on the payment so far, this refund included.
    public var totalRefunded: Money

    /// Creates a result.
    public init(paymentID: String, refundID: String, amount: Money, totalRefunded: Money) {
        self.paymentID = paymentID
        self.refundID = refundID
        self.amount = amount
        self.totalRefunded = totalRefunded
    }
}

/// A payment as the gateway knows it (`retrieve`): how `unknown` payments are resolved.
public struct GatewayPayment: Sendable, Hashable {
    /// The payment.
    public var paymentID: String
    /// The gateway's state of it.
    public var state: PaymentState
    /// The authorization, if there is one.
    public var authorizationID: String?
    /// The authorized amount.
    public var amount: Money
    /// Captured so far.
    public var capturedAmount: Money
    /// Refunded so far.
    public var refundedAmount: Money
    /// When it last changed state (Unix seconds).
    public var updatedAt: Int64

    /// Creates a record.
    public init(
        paymentID: String, state: PaymentState, authorizationID: String?, amount: Money,
        capturedAmount: Money, refundedAmount: Money, updatedAt: Int64
    ) {
        self.paymentID = paymentID
        self.state = state
        self.authorizationID = authorizationID
        self.amount = amount
        self.capturedAmount = capturedAmount
        self.refundedAmount = refundedAmount
        self.updatedAt = updatedAt
    }
}

/// One page of the gateway's settlement report, records ascending by payment id.
public struct SettlementReportPage: Sendable, Hashable {
    /// The records of this page.
    public var records: [ReconciliationRecord]
    /// Where the next page starts; `nil` on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(records: [ReconciliationRecord], nextCursor: String?) {
        self.records = records
        self.nextCursor = nextCursor
    }
}
