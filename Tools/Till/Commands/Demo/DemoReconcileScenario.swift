import Foundation
import TillAPI
import TillClients

/// Scenario 6: four completed checkouts; the simulator's report is then falsified for three of
/// them (one row left out, one amount and one state changed) and `payments.reconcile` over the
/// window must report exactly those three, alerting on the missing one.
enum DemoReconcileScenario {
    /// How each falsified row must be reported.
    static let expected: [(drift: String, type: String)] = [
        ("omit", "missing_gateway"), ("amount", "amount_mismatch"), ("status", "status_mismatch"),
    ]

    @Sendable static func run(_ session: DemoSession, _ report: inout DemoReport) async throws {
        // Earlier webhooks landing inside the window would move those payments into it too.
        try await Self.waitForWebhooks(session)
        let since = try await Self.nextSecond()
        let sku = try await session.stock("reconcile", onHand: 10, price: 2_500)
        var orders: [String] = []
        for index in 1...4 {
            let saga = try await session.checkout.start(session.order(session.orderID("reconcile\(index)"), sku: sku))
            report.show("order \(saga.orderID): \(saga.state.rawValue), payment \(saga.paymentID ?? "none")")
            guard saga.state == .completed else {
                report.fail("checkout \(saga.orderID) did not complete: \(saga.state.rawValue)")
                return
            }
            orders.append(saga.orderID)
        }
        for order in orders {
            _ = await session.events.wait(for: "webhook.received", of: order, detail: "charge.captured")
        }
        var pins: [String: String] = [:]
        var expected: [String: String] = [:]
        for (order, (drift, type)) in zip(orders, Self.expected) {
            pins[DemoSession.paymentID(of: order)] = drift
            expected[DemoSession.paymentID(of: order)] = type
        }
        try await session.pinDrift(pins)
        report.show("gateway report falsified: " + pins.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))

        let until = Int64(Date().timeIntervalSince1970) + 1
        let result = try await Self.reconcile(session, since: since, until: until)
        report.show("payments.reconcile [\(since), \(until)): \(result.summary)")
        report.show(result.discrepancies.map { ReconcileCommand.describe($0) })

        var found: [String: String] = [:]
        for discrepancy in result.discrepancies { found[discrepancy.paymentID] = discrepancy.type }
        report.check(
            found == expected, "exactly the three falsified payments are reported, each as its kind",
            observed: found.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        )
        report.check(result.matched == result.total - 3 && result.total >= 4, "every other payment of the window matched", observed: result.summary)

        let missing = orders[0]
        let alerted = await session.events.wait(for: "payment.reconcile_alert", of: missing, timeout: .seconds(10))
        report.showEvents(of: missing, in: session)
        report.check(alerted, "payment.reconcile_alert published for \(DemoSession.paymentID(of: missing))")
        let logged = Self.errorLogged(paymentID: DemoSession.paymentID(of: missing), directory: session.logDirectory)
        report.check(logged, "an error-level log line names it (\"Payment missing at the gateway\")")
        for order in orders.dropFirst(1) {
            report.check(!session.events.contains("payment.reconcile_alert", of: order), "no alert for \(DemoSession.paymentID(of: order))")
        }
    }

    /// Every page of `payments.reconcile` for `[since, until)`.
    static func reconcile(_ session: DemoSession, since: Int64, until: Int64) async throws -> ReconcileResult {
        var result = try await session.payments.reconcile(ReconcileParams(since: since, until: until, limit: 1000))
        var cursor = result.cursor
        while let next = cursor {
            let page = try await session.payments.reconcile(ReconcileParams(since: since, until: until, limit: 1000, cursor: next))
            result.discrepancies += page.discrepancies
            cursor = page.cursor
        }
        return result
    }

    /// Waits until the simulator has delivered (or given up on) every webhook it queued.
    static func waitForWebhooks(_ session: DemoSession) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let stats = try await session.simulatorStats()
            if stats["webhooks_delivered"] + stats["webhooks_abandoned"] >= stats["webhooks_queued"] { return }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// Sleeps into the next whole second and returns it: the window starts after everything before.
    static func nextSecond() async throws -> Int64 {
        let now = Date().timeIntervalSince1970
        let next = now.rounded(.down) + 1
        try await Task.sleep(for: .milliseconds(Int((next - now) * 1000) + 20))
        return Int64(next)
    }

    /// Whether a payments log has an error line about `paymentID`'s missing row.
    static func errorLogged(paymentID: String, directory: String?) -> Bool {
        guard let directory, let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        for file in files where file.hasPrefix("payments") && file.hasSuffix(".log") {
            let text = (try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n")
            where line.contains("Payment missing at the gateway") && line.contains(paymentID) && line.lowercased().contains("error") {
                return true
            }
        }
        return false
    }
}
