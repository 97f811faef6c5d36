import Foundation
import Logging
import TillAPI
import TillPayments

extension PaymentsService {
    /// `payments.capture`: all (`amount == nil`) or part of the authorized amount. A payment the
    /// gateway's webhook already reported captured with the same amount succeeds without a call.
    public func capture(_ params: CaptureParams, traceID: String?) async throws(PaymentError) -> CaptureResult {
        let id = params.paymentID
        guard let record = try await ledger.record(id) else { throw .notFound("no payment \(id)") }
        let amount = params.amount ?? record.amount
        guard amount <= record.amount else { throw .badRequest(field: "amount", "exceeds the authorized amount \(record.amount)") }
        switch record.state {
        case "captured", "partially_refunded", "refunded":
            guard record.capturedAmount == amount else { throw .invalidState("payment \(id) was captured with another amount", state: record.state) }
            return CaptureResult(paymentID: id, capturedAmount: amount)
        case "authorized":
            break
        default:
            throw .invalidState("payment \(id) cannot be captured in state \(record.state)", state: record.state)
        }
        let currency = try Currency.require(record.currency)
        guard let authorizationID = record.authorizationID else { throw .internal("authorized payment without authorization id") }
        _ = try await gateway.capture(
            CaptureRequest(
                paymentID: id, authorizationID: authorizationID, amount: Money(amount: amount, currency: currency),
                idempotencyKey: Self.gatewayKey(id, "capture")
            )
        )
        let event = PaymentEvent(
            "payment.captured", paymentID: id, traceID: traceID, orderID: record.orderID, amount: amount, currency: currency.code,
            state: "captured", source: .api
        )
        switch try await ledger.capture(paymentID: id, amount: amount, from: ["authorized"], source: .api, event: event) {
        case .ok, .same: return CaptureResult(paymentID: id, capturedAmount: amount)
        case .refused(let state): throw .invalidState("payment \(id) cannot be captured in state \(state)", state: state)
        case .exceeds(let limit): throw .badRequest(field: "amount", "exceeds the authorized amount \(limit)")
        case .missing: throw .notFound("no payment \(id)")
        }
    }

    /// `payments.void`: safe to repeat and to send before the authorization (a tombstone then
    /// refuses it). An authorization at the gateway or of unknown outcome is `void_requested` and
    /// voided as soon as its outcome is known; the answer's `state` says which.
    public func void(paymentID id: String, traceID: String?, logger: Logger) async throws(PaymentError) -> TillAPI.VoidResult {
        let voided = PaymentEvent("payment.voided", paymentID: id, traceID: traceID, state: "voided", source: .api)
        switch try await ledger.requestVoid(paymentID: id, source: .api, event: voided) {
        case .tombstone:
            return TillAPI.VoidResult(paymentID: id)
        case .voidRequested:
            try await ledger.markUnresolved(id, delayMilliseconds: configuration.firstResolveDelayMilliseconds)
            logger.info("Void requested while the authorization is unresolved", metadata: ["payment.id": "\(id)"])
            return TillAPI.VoidResult(paymentID: id, state: "void_requested")
        case .found(let state, let authorizationID):
            switch state {
            case "authorized":
                _ = try await gateway.void(VoidRequest(paymentID: id, authorizationID: authorizationID, idempotencyKey: Self.gatewayKey(id, "void")))
                switch try await ledger.transition(paymentID: id, from: ["authorized", "void_requested"], to: "voided", source: .api, event: voided) {
                case .ok, .same: return TillAPI.VoidResult(paymentID: id)
                case .refused(let state): throw .invalidState("payment \(id) cannot be voided in state \(state)", state: state)
                case .exceeds, .missing: throw .internal("payment \(id) vanished while being voided")
                }
            case "voided", "void_requested", "failed":
                // Nothing is held (or it is being released): the compensation is done.
                return TillAPI.VoidResult(paymentID: id, state: state)
            default:
                throw .invalidState("payment \(id) was already captured", state: state)
            }
        }
    }

    /// `payments.refund`: all that is left (`amount == nil`) or part; each refund under its own
    /// idempotency key, up to the captured amount in all.
    public func refund(_ params: RefundParams, idempotencyKey: String, traceID: String?) async throws(PaymentError) -> RefundResult {
        let id = params.paymentID
        guard let record = try await ledger.record(id) else { throw .notFound("no payment \(id)") }
        guard record.state == "captured" || record.state == "partially_refunded" else {
            throw .invalidState("payment \(id) has nothing captured to refund", state: record.state)
        }
        let left = record.capturedAmount - record.refundedAmount
        let amount = params.amount ?? left
        guard amount > 0, amount <= left else {
            throw .invalidState("refund of \(amount) exceeds the \(left) left on payment \(id)", state: record.state)
        }
        let currency = try Currency.require(record.currency)
        let refund = try await gateway.refund(
            RefundRequest(
                paymentID: id, amount: Money(amount: amount, currency: currency), reason: params.reason,
                idempotencyKey: Self.gatewayKey(id, "refund:\(idempotencyKey)")
            )
        )
        let event = PaymentEvent(
            "payment.refunded", paymentID: id, traceID: traceID, orderID: record.orderID, amount: amount, currency: currency.code,
            source: .api
        )
        switch try await ledger.refund(paymentID: id, refundID: refund.refundID, amount: amount, source: .api, event: event) {
        case .ok(let state, let refunded), .same(let state, let refunded):
            return RefundResult(paymentID: id, refundID: refund.refundID, state: state, refundedAmount: refunded)
        case .refused(let state):
            throw .invalidState("payment \(id) has nothing captured to refund", state: state)
        case .exceeds(let refunded):
            throw .invalidState("refund exceeds what is left on payment \(id) (\(refunded) refunded)")
        case .missing:
            throw .notFound("no payment \(id)")
        }
    }

    /// `payments.get`: the payment and every state it went through.
    public func get(paymentID id: String) async throws(PaymentError) -> PaymentView {
        guard let (record, history) = try await ledger.recordWithHistory(id) else { throw .notFound("no payment \(id)") }
        return PaymentView(
            paymentID: id, orderID: record.orderID, state: record.state, amount: record.amount, currency: record.currency,
            capturedAmount: record.capturedAmount, refundedAmount: record.refundedAmount,
            history: history.compactMap { entry in try? JSONDecoder().decode(PaymentHistoryEntry.self, from: Data(entry.utf8)) }
        )
    }
}
