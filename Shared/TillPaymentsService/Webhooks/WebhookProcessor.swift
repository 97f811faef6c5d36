import Foundation
import Logging
import TillPayments
import TillRedis

/// Applies a verified, claimed gateway event to the ledger and publishes `webhook.received`.
///
/// Every ledger step accepts the API call having got there first (a capture already recorded
/// with the same amount, a refund already counted by id), so the order of webhooks and calls
/// does not matter. An event the ledger cannot take (unknown payment, a state the gateway's
/// truth contradicts) is logged and left to reconciliation. It throws — so that the gateway
/// redelivers — when Redis cannot be reached, and when the payment's own authorization call is
/// still at the gateway (its answer is recorded first, then the redelivered event applies).
public struct WebhookProcessor: Sendable {
    let ledger: PaymentLedger
    let redis: RedisClient
    let logger: Logger

    /// A processor writing to `ledger`.
    public init(ledger: PaymentLedger, redis: RedisClient, logger: Logger) {
        self.ledger = ledger
        self.redis = redis
        self.logger = logger
    }

    /// Processes `event`.
    public func process(_ event: GatewayWebhookEvent) async throws(PaymentError) {
        let id = event.object.paymentID
        let moved: PaymentLedger.Moved?
        switch event.type {
        case "charge.captured":
            let amount = event.object.amount ?? 0
            let payload = PaymentEvent(
                "payment.captured", paymentID: id, traceID: nil, amount: amount, currency: event.object.currency, state: "captured", source: .webhook
            )
            moved = try await ledger.capture(
                paymentID: id, amount: amount, from: ["authorized", "unknown", "void_requested"], source: .webhook, event: payload
            )
        case "charge.refunded":
            let amount = event.object.amount ?? 0
            let payload = PaymentEvent(
                "payment.refunded", paymentID: id, traceID: nil, amount: amount, currency: event.object.currency, source: .webhook
            )
            moved = try await ledger.refund(paymentID: id, refundID: event.object.refundID ?? event.id, amount: amount, source: .webhook, event: payload)
        case "charge.failed":
            let payload = PaymentEvent("payment.failed", paymentID: id, traceID: nil, state: "failed", source: .webhook)
            moved = try await ledger.transition(
                paymentID: id, from: ["unknown", "void_requested"], to: "failed", source: .webhook, event: payload
            )
        default:
            moved = nil
        }
        switch moved {
        case .refused("pending")?:
            // Our own authorization call is still at the gateway and will record its answer
            // first; failing makes the gateway redeliver this event after that.
            throw .unavailable("payment \(id) is still being authorized")
        case .refused(let state)?:
            logger.warning(
                "Webhook contradicts the ledger; left to reconciliation",
                metadata: ["payment.id": "\(id)", "webhook.type": "\(event.type)", "payment.state": "\(state)"]
            )
        case .exceeds?:
            logger.warning("Webhook refund exceeds the captured amount; left to reconciliation", metadata: ["payment.id": "\(id)"])
        case .missing?:
            logger.info("Webhook for a payment not in the ledger", metadata: ["payment.id": "\(id)", "webhook.type": "\(event.type)"])
        default:
            break
        }
        // An id the ledger does not know is the sender's free text, not ours: it could be anything
        // (a card number, say) and must not reach the bus unredacted. The log line above masks it.
        let knownID: String? = switch moved {
        case nil, .missing?: nil
        default: id
        }
        let received = PaymentEvent("webhook.received", paymentID: knownID, traceID: nil, source: .webhook, detail: event.type)
        do {
            _ = try await redis.publish(PaymentEvent.channel, received.json())
        } catch {
            // Pub/sub feeds dashboards, never correctness: the ledger change stands.
            logger.info("webhook.received event not published", metadata: ["error": "\(error)"])
        }
    }
}
