import TillSaga
import TillWire

extension SagaStepFailure {
    /// The orchestrator's one-layer-per-hop rule: retry a step's request only on transport
    /// errors, `unavailable`, `overloaded` and `idempotency_in_progress` (the service retried
    /// its own dependencies already); anything that may have reached the service is maybe done.
    init(_ error: RPCError) {
        switch (error.source, error.code) {
        case (.transport, _), (_, .unavailable), (_, .overloaded), (_, .idempotencyInProgress):
            self.init(error.wireError, retryWithinStep: true, maybeDone: true)
        case (_, .deadlineExceeded), (_, RPCError.cancelledCode):
            self.init(error.wireError, retryWithinStep: false, maybeDone: true)
        case (.server, Self.gatewayTimeout), (.server, Self.gatewayNetwork):
            // Payments retried the gateway already and does not know whether the operation
            // happened (a capture may have gone through): maybe done, never "refused".
            self.init(error.wireError, retryWithinStep: false, maybeDone: true)
        case (.local, _):
            // Our own encoding or decoding failed: the request may have run.
            self.init(error.wireError, retryWithinStep: false, maybeDone: true)
        case (.server, _):
            self.init(error.wireError, retryWithinStep: false, maybeDone: false)
        }
    }

    /// Payments' codes for a gateway call whose outcome is unknown (`PaymentError.Code`).
    private static let gatewayTimeout = WireErrorCode("timeout")
    private static let gatewayNetwork = WireErrorCode("network")
}
