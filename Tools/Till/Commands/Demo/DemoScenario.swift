import Foundation
import TillAPI
import TillClients

/// One of the seven checkout scenarios of the payments design: a title and a body that drives
/// the stack, shows what happened and checks it.
struct DemoScenario: Sendable {
    let title: String
    let body: @Sendable (DemoSession, inout DemoReport) async throws -> Void

    /// The scenarios in the order of `DESIGN.md`.
    static let all: [DemoScenario] = [
        DemoScenario(title: "transient gateway failure (tok_flaky_2): retried, completed", body: DemoCheckoutScenarios.flakyCard),
        DemoScenario(title: "idempotent replay: same order twice and 20x concurrently, one authorization", body: DemoCheckoutScenarios.replay),
        DemoScenario(title: "shipment rejected (postal code 00000): voided, released, nothing captured", body: DemoCheckoutScenarios.rejectedShipment),
        DemoScenario(title: "fraud block (blocked@example.com): no gateway call, compensated", body: DemoCheckoutScenarios.fraudBlock),
        DemoScenario(title: "webhooks: signed capture accepted, replay deduplicated, tampered one 400", body: DemoWebhookScenario.run),
        DemoScenario(title: "reconciliation: three injected discrepancies, alert on missing_gateway", body: DemoReconcileScenario.run),
        DemoScenario(title: "a card number typed into a free-form field is in no log line", body: DemoRedactionScenario.run),
    ]
}

extension DemoReport {
    /// Shows a saga: state, step timeline, ids.
    mutating func show(_ saga: SagaView) {
        self.show(SagaTimeline.lines(saga).map { $0.hasPrefix("  ") ? "  " + $0 : "saga: " + $0 }, indent: "")
    }

    /// Shows a payment as payments records it: state, amounts, the states it went through.
    mutating func show(_ payment: PaymentView) {
        var line = "payment \(payment.paymentID): \(payment.state), "
            + MoneyText.format(payment.amount, currency: payment.currency)
        if payment.capturedAmount > 0 {
            line += ", captured " + MoneyText.format(payment.capturedAmount, currency: payment.currency)
        }
        if !payment.history.isEmpty {
            line += " (" + payment.history.map(\.state).joined(separator: " → ") + ")"
        }
        self.show(line)
    }

    /// Shows the bus events about `orderID` seen so far, at most `limit` (then a count).
    mutating func showEvents(of orderID: String, in session: DemoSession, limit: Int = 16) {
        let events = session.events.events(of: orderID)
        self.show("events on till.events: \(events.count)")
        let utc = TimeZone(identifier: "UTC") ?? .current
        self.show(events.prefix(limit).map { $0.pretty(timeZone: utc) })
        if events.count > limit {
            self.show(["… and \(events.count - limit) more"])
        }
    }

    /// Shows the saga and payment of `orderID`, and its events once the saga's end was published.
    mutating func showOrder(_ saga: SagaView, in session: DemoSession) async {
        self.show(saga)
        if let payment = try? await session.payments.get(paymentID: DemoSession.paymentID(of: saga.orderID)) {
            self.show(payment)
        } else {
            self.show("payment \(DemoSession.paymentID(of: saga.orderID)): none recorded")
        }
        _ = await session.events.wait(for: "saga.\(saga.state.rawValue)", of: saga.orderID, timeout: .seconds(5))
        self.showEvents(of: saga.orderID, in: session)
    }
}
