import TillAPI
import TillWire

/// A typed client of the `payments.*` methods.
///
/// The state-changing methods take the idempotency key the payments service requires: a retried
/// call with the same key and params gets the first outcome, never a second charge.
public struct PaymentsClient: Sendable {
    private let rpc: RPCClient

    /// A client sending its calls through `rpc`.
    public init(rpc: RPCClient) { self.rpc = rpc }

    /// `payments.authorize`: screens for fraud, then holds the amount on the card.
    public func authorize(
        _ params: AuthorizeParams, idempotencyKey: String, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> AuthorizeResult {
        try await rpc.fastCall("payments.authorize", params: params, idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID)
    }

    /// `payments.capture`: takes all (`amount == nil`) or part of the authorized money.
    public func capture(
        _ params: CaptureParams, idempotencyKey: String, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> CaptureResult {
        try await rpc.fastCall("payments.capture", params: params, idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID)
    }

    /// `payments.void`: releases the authorization; safe to repeat and to send before the authorization.
    public func void(
        paymentID: String, idempotencyKey: String, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> VoidResult {
        try await rpc.fastCall(
            "payments.void", params: PaymentIDParams(paymentID: paymentID),
            idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID
        )
    }

    /// `payments.refund`: returns captured money, all that is left (`amount == nil`) or part.
    public func refund(
        _ params: RefundParams, idempotencyKey: String, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> RefundResult {
        try await rpc.call("payments.refund", params: params, idempotencyKey: idempotencyKey, deadline: deadline, traceID: traceID)
    }

    /// `payments.get`: the payment and its history.
    public func get(paymentID: String, deadline: Duration? = nil, traceID: String? = nil) async throws(RPCError) -> PaymentView {
        try await rpc.call("payments.get", params: PaymentIDParams(paymentID: paymentID), deadline: deadline, traceID: traceID)
    }

    /// `payments.reconcile`: one page of the ledger-versus-gateway comparison of a window.
    public func reconcile(
        _ params: ReconcileParams, deadline: Duration? = nil, traceID: String? = nil
    ) async throws(RPCError) -> ReconcileResult {
        try await rpc.call("payments.reconcile", params: params, deadline: deadline, traceID: traceID)
    }
}
