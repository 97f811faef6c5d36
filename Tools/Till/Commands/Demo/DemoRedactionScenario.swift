import Foundation
import TillAPI
import TillClients

/// Scenario 7: a card number typed into the street line reaches every service, and no log line;
/// the same number pasted into a webhook's payment id, a field payments does log (an event for a
/// payment it does not know), is logged only redacted and published without it.
enum DemoRedactionScenario {
    static let pan = "4111 1111 1111 1111"
    /// What payments logs about an event for a payment it does not know.
    static let unknownPaymentLine = "Webhook for a payment not in the ledger"

    @Sendable static func run(_ session: DemoSession, _ report: inout DemoReport) async throws {
        guard let directory = session.logDirectory else { throw DemoError("TILL_LOG_DIR is not set") }
        let sku = try await session.stock("pan", onHand: 5, price: 700)
        let saga = try await session.checkout.start(session.order(session.orderID("pan"), sku: sku, line1: Self.pan))
        if saga.state == .completed {
            _ = await session.events.wait(for: "webhook.received", of: saga.orderID, detail: "charge.captured", timeout: .seconds(10))
        }
        await report.showOrder(saga, in: session)
        report.check(saga.state == .completed, "saga completed with the card number as the street", observed: saga.state.rawValue)

        guard let secret = session.webhookSecret else { throw DemoError("TILL_WEBHOOK_SECRETS is not set") }
        let logged = Self.count(of: Self.unknownPaymentLine, in: directory)
        let now = Int64(Date().timeIntervalSince1970)
        let body = DemoWebhookScenario.event(id: "evt_\(saga.orderID)_pan", paymentID: Self.pan, orderID: saga.orderID, amount: 700, created: now)
        let answer = try await session.postWebhook(body, signature: DemoWebhookScenario.signature(body: body, timestamp: now, secret: secret))
        report.show("POST a signed webhook whose payment id is the card number: \(answer.status) \(answer.body)")
        var seen = Self.count(of: Self.unknownPaymentLine, in: directory)
        let deadline = ContinuousClock.now + .seconds(5)
        while seen <= logged, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            seen = Self.count(of: Self.unknownPaymentLine, in: directory)
        }
        report.check(seen > logged, "payments logged that event's payment id (\"\(Self.unknownPaymentLine)\")", observed: "no new line")
        if let line = Self.lines(containing: Self.unknownPaymentLine, in: directory).last {
            report.show(["logged: " + line])
        }

        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter { $0.hasSuffix(".log") }.sorted() ?? []
        var lines = 0
        var leaks: [String] = []
        let forms = [Self.pan, Self.pan.replacingOccurrences(of: " ", with: "")]
        for file in files {
            let text = (try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") {
                lines += 1
                if forms.contains(where: line.contains) { leaks.append(file) }
            }
        }
        report.show("searched \(lines) lines in \(files.count) logs under \(directory)")
        // The bus is read by dashboards and `till events`: the number must not travel there either.
        let onTheBus = forms.map(session.events.count(containing:)).reduce(0, +)
        report.check(onTheBus == 0, "the card number is in no event on the bus", observed: "\(onTheBus) events")
        report.check(lines > 0, "the services' logs are there to search", observed: "no log lines")
        report.check(leaks.isEmpty, "the card number appears in no log line", observed: Set(leaks).sorted().joined(separator: ", "))
    }

    /// How many lines of the payments logs in `directory` contain `text`.
    static func count(of text: String, in directory: String) -> Int {
        self.lines(containing: text, in: directory).count
    }

    /// The lines of the payments logs in `directory` that contain `text`.
    static func lines(containing text: String, in directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory))?.sorted() ?? []
        var lines: [String] = []
        for file in files where file.hasPrefix("payments") && file.hasSuffix(".log") {
            let log = (try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)) ?? ""
            lines += log.split(separator: "\n").filter { $0.contains(text) }.map(String.init)
        }
        return lines
    }
}
