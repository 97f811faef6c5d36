import Foundation
import TillAPI
import TillClients
import TillCrypto

/// Scenario 5: the simulator's signed `charge.captured` webhook is accepted; an event delivered
/// twice is processed once; a body changed after signing is refused with 400.
enum DemoWebhookScenario {
    @Sendable static func run(_ session: DemoSession, _ report: inout DemoReport) async throws {
        guard let secret = session.webhookSecret else { throw DemoError("TILL_WEBHOOK_SECRETS is not set") }
        let sku = try await session.stock("webhook", onHand: 5, price: 1_999)
        let saga = try await session.checkout.start(session.order(session.orderID("webhook"), sku: sku))
        let paymentID = DemoSession.paymentID(of: saga.orderID)
        // Only a captured payment has a capture webhook to wait for.
        let delivered = saga.state == .completed
            ? await session.events.wait(for: "webhook.received", of: saga.orderID, detail: "charge.captured") : false
        await report.showOrder(saga, in: session)

        report.check(saga.state == .completed, "saga completed", observed: saga.state.rawValue)
        report.check(delivered, "the simulator's signed charge.captured webhook was verified and processed (webhook.received)")

        // The same kind of event, signed here with the stack's secret, delivered twice, then altered.
        let now = Int64(Date().timeIntervalSince1970)
        let body = Self.event(id: "evt_\(saga.orderID)", paymentID: paymentID, orderID: saga.orderID, amount: 1_999, created: now)
        let signature = Self.signature(body: body, timestamp: now, secret: secret)
        let first = try await session.postWebhook(body, signature: signature)
        report.show("POST webhook evt_\(saga.orderID): \(first.status) \(first.body)")
        report.check(first.status == 200 && first.body.contains("processed"), "a correctly signed event is processed", observed: "\(first.status) \(first.body)")
        let replay = try await session.postWebhook(body, signature: signature)
        report.show("POST the same event again: \(replay.status) \(replay.body)")
        report.check(replay.status == 200 && replay.body.contains("duplicate"), "its replay is deduplicated", observed: "\(replay.status) \(replay.body)")
        let tampered = Self.event(id: "evt_\(saga.orderID)_x", paymentID: paymentID, orderID: saga.orderID, amount: 1, created: now)
        let refused = try await session.postWebhook(tampered, signature: signature)
        report.show("POST a changed body under that signature: \(refused.status) \(refused.body)")
        report.check(refused.status == 400, "a tampered event is refused with 400", observed: "\(refused.status)")

        let payment = try await session.payments.get(paymentID: paymentID)
        report.check(payment.state == "captured" && payment.capturedAmount == 1_999, "the payment stays captured at 19.99 USD", observed: "\(payment.state) \(payment.capturedAmount)")
    }

    /// A `charge.captured` event as the simulator sends it.
    static func event(id: String, paymentID: String, orderID: String, amount: Int64, created: Int64) -> [UInt8] {
        let json = #"{"created":\#(created),"data":{"object":{"amount":\#(amount),"captured_amount":\#(amount),"currency":"USD","#
            + #""order_id":"\#(orderID)","payment_id":"\#(paymentID)","refunded_amount":0,"state":"captured"}},"#
            + #""id":"\#(id)","type":"charge.captured"}"#
        return Array(json.utf8)
    }

    /// `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>." + body)>`.
    static func signature(body: [UInt8], timestamp: Int64, secret: String) -> String {
        let signed = Array("\(timestamp).".utf8) + body
        return "t=\(timestamp),v1=" + Hex.encode(Digest.hmacSHA256(key: Array(secret.utf8), message: signed))
    }
}
