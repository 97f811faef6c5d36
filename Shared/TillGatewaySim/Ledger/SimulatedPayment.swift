import TillGatewayHTTP
import TillPayments

/// One payment as the simulated gateway records it: its true state, which `retrieve` reports and
/// the settlement report (perhaps falsified) is made from.
struct SimulatedPayment: Sendable {
    let paymentID: String
    let orderID: String
    let currency: String
    /// Authorized, or requested if declined.
    let amount: Int64
    let authorizationID: String?
    var state: PaymentState
    var capturedAmount: Int64 = 0
    var refundedAmount: Int64 = 0
    let createdAt: Int64
    var updatedAt: Int64

    var body: PaymentBody {
        PaymentBody(
            paymentID: paymentID, orderID: orderID, state: state, authorizationID: authorizationID, amount: amount,
            currency: currency, capturedAmount: capturedAmount, refundedAmount: refundedAmount,
            createdAt: createdAt, updatedAt: updatedAt
        )
    }

    /// The report row, true to the ledger; drift is applied afterwards.
    var settlementRow: SettlementRowBody {
        SettlementRowBody(
            paymentID: paymentID, amount: capturedAmount - refundedAmount, currency: currency, state: state,
            eventTime: updatedAt, authorizedAmount: amount, capturedAmount: capturedAmount, refundedAmount: refundedAmount
        )
    }
}
