import Logging
import ServiceLifecycle
import TillPayments

/// Settles payments whose authorization outcome is unknown (the gateway timed out) or whose void
/// waits for that outcome (`void_requested`), by asking the gateway (`retrieve`) — never by
/// authorizing again.
///
/// Every `interval` it takes the due payments off the Redis list the service fills
/// (``PaymentKeys/unresolved``, shared by all replicas; two replicas settling one payment do the
/// same idempotent steps) and for each:
/// - authorization still in flight here (a live lease) or at the gateway → look again later;
/// - the gateway authorized it → `authorized`, or, if a void was requested, void it → `voided`;
/// - the gateway failed, voided or captured it → that state;
/// - the gateway never saw it (after `grace`, so a request still on the wire is not mistaken for
///   a lost one) → `failed` as `unavailable` (a new attempt may be made) or, if a void was
///   requested, `voided`.
/// A payment that cannot be settled now (gateway down) is postponed with exponential backoff by
/// its age: the longer it has been unknown, the less often it is asked about, up to `maxBackoff`.
public struct UnknownPaymentResolver: Service {
    /// Timing.
    public struct Configuration: Sendable {
        /// How often due payments are looked for.
        public var interval: Duration = .seconds(1)
        /// Payments settled per pass.
        public var batch: Int = 100
        /// The shortest and longest wait before a payment is looked at again.
        public var minimumBackoffMilliseconds: Int64 = 500
        public var maximumBackoffMilliseconds: Int64 = 60_000
        /// How long a payment the gateway does not know stays unknown before it counts as never sent.
        public var graceSeconds: Int64 = 30

        /// The defaults.
        public init() {}
    }

    private let service: PaymentsService
    private let configuration: Configuration
    private let logger: Logger

    /// A resolver settling through `service`'s ledger and gateway.
    public init(service: PaymentsService, configuration: Configuration = Configuration(), logger: Logger) {
        self.service = service
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await resolveDue()
                try? await Task.sleep(for: configuration.interval)
            }
        }
    }

    /// One pass over the due payments.
    public func resolveDue() async {
        let due: [String]
        do {
            due = try await service.ledger.dueUnresolved(limit: configuration.batch)
        } catch {
            logger.info("Unresolved payments not listed", metadata: ["error": "\(error)"])
            return
        }
        for id in due {
            do {
                if let backoff = try await resolve(id) {
                    try await service.ledger.markUnresolved(id, delayMilliseconds: backoff)
                } else {
                    try await service.ledger.markResolved(id)
                }
            } catch {
                logger.info("Payment not resolved yet", metadata: ["payment.id": "\(id)", "error": "\(error)"])
                try? await service.ledger.markUnresolved(id, delayMilliseconds: configuration.maximumBackoffMilliseconds / 4)
            }
        }
    }

    /// Settles `id` if its truth is known; returns how long to wait before asking again otherwise.
    func resolve(_ id: String) async throws(PaymentError) -> Int64? {
        guard let record = try await service.ledger.record(id) else { return nil }
        let waitingForVoid = record.state == "void_requested"
        guard ["unknown", "void_requested", "pending"].contains(record.state) else { return nil }
        let age = max(0, PaymentLedger.nowSeconds() - record.updatedAt)
        if record.leaseUntil > PaymentLedger.nowMilliseconds() {
            return backoff(age: age)  // the authorization is still at the gateway, owned here
        }
        let truth: GatewayPayment?
        do throws(PaymentError) {
            truth = try await service.gateway.retrieve(paymentID: id)
        } catch {
            return backoff(age: age)
        }
        let state = truth?.state
        // The gateway knows the payment, so it was reached: say so, or reconciliation (which only
        // compares payments that reached the gateway) reports it `missing_internal`. An attempt
        // whose answer never made it into the ledger (Redis stalled, the replica died) has no
        // other writer of this flag.
        let reached = [("reached", "1")]
        switch state {
        case nil where age < configuration.graceSeconds, .pending?, .unknown?:
            return backoff(age: age)
        case nil:
            if waitingForVoid {
                try await move(id, to: "voided", event: "payment.voided", fields: [("reached", "0")])
            } else {
                try await move(
                    id, to: "failed", event: "payment.failed",
                    fields: [("reached", "0"), ("error_code", "unavailable"), ("error_message", "the gateway never received the authorization")]
                )
            }
        case .authorized?:
            let authorizationID = truth?.authorizationID
            if waitingForVoid {
                _ = try await service.gateway.void(
                    VoidRequest(paymentID: id, authorizationID: authorizationID, idempotencyKey: PaymentsService.gatewayKey(id, "void"))
                )
                try await move(id, to: "voided", event: "payment.voided", fields: reached + (authorizationID.map { [("auth", $0)] } ?? []))
            } else {
                try await move(id, to: "authorized", event: "payment.authorized", fields: reached + (authorizationID.map { [("auth", $0)] } ?? []))
            }
        case .captured?, .partiallyRefunded?, .refunded?:
            let captured = truth?.capturedAmount.amount ?? 0
            try await move(id, to: state?.rawValue ?? "captured", event: "payment.captured", fields: reached + [("captured", "\(captured)")])
        case .failed?, .voided?:
            try await move(id, to: state?.rawValue ?? "failed", event: "payment.\(state?.rawValue ?? "failed")", fields: reached)
        }
        logger.info("Payment resolved", metadata: ["payment.id": "\(id)", "payment.state": "\(state?.rawValue ?? "never_received")"])
        return nil
    }

    private func move(_ id: String, to state: String, event: String, fields: [(String, String)] = []) async throws(PaymentError) {
        let payload = PaymentEvent(event, paymentID: id, traceID: nil, state: state, source: .resolver)
        _ = try await service.ledger.transition(
            paymentID: id, from: ["unknown", "void_requested", "pending"], to: state, source: .resolver, event: payload, fields: fields
        )
    }

    private func backoff(age: Int64) -> Int64 {
        min(configuration.maximumBackoffMilliseconds, max(configuration.minimumBackoffMilliseconds, age * 1000 / 2))
    }
}
