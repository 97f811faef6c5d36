import Logging
import TillPayments
import TillRedis

/// The alarm for a `missing_gateway` discrepancy (Till thinks money moved, the gateway has no
/// record of it: almost always a bug): an error-level log line and a `payment.reconcile_alert`
/// event. Raised by the daily run and by `payments.reconcile` alike, so an operator who
/// reconciles by hand pages the same way the nightly job does.
enum ReconcileAlert {
    /// Raises the alert for `discrepancy` if it is a `missing_gateway` one; nothing otherwise.
    static func raise(for discrepancy: Discrepancy, redis: RedisClient, logger: Logger) async {
        guard discrepancy.type == .missingGateway else { return }
        logger.error(
            "Payment missing at the gateway",
            metadata: [
                "payment.id": "\(discrepancy.paymentID)",
                "payment.state": "\(discrepancy.internal?.state.rawValue ?? "-")",
                "payment.amount": "\(discrepancy.internal?.amount ?? 0)",
            ]
        )
        let event = PaymentEvent(
            "payment.reconcile_alert", paymentID: "\(discrepancy.paymentID)", traceID: nil, amount: discrepancy.internal?.amount,
            currency: discrepancy.internal?.currency.code, state: discrepancy.internal?.state.rawValue, detail: discrepancy.type.rawValue
        )
        // Pub/sub feeds dashboards; the log line above is the alert of record.
        _ = try? await redis.publish(PaymentEvent.channel, event.json())
    }
}
