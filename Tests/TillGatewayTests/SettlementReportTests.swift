import Foundation
import Testing
import TillGatewayHTTP
import TillGatewaySim
import TillPayments

/// The settlement report over HTTP: window by last change, ascending ids, paging, drift.
@Suite("Settlement report")
struct SettlementReportTests {
    @Test("pages hold the window's payments by last change, ascending, and end with no cursor")
    func paging() async throws {
        let clock = ManualClock(1_000)
        let configuration = GatewaySimulatorConfiguration(clock: { clock.now })
        try await SimulatorHarness.with(configuration) { harness in
            let gateway = harness.gateway
            let inside = (0..<25).map { String(format: "pay_%02d", $0) }
            for id in inside.shuffled() { _ = try await gateway.authorize(Requests.authorize(id)) }
            // Changed after the window: judged by its last change, so left out.
            let moved = try await gateway.authorize(Requests.authorize("pay_moved"))
            clock.set(2_000)
            _ = try await gateway.capture(CaptureRequest(paymentID: "pay_moved", authorizationID: moved.authorizationID, idempotencyKey: "c"))
            _ = try await gateway.authorize(Requests.authorize("pay_late"))

            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await gateway.settlementReport(since: 1_000, until: 2_000, cursor: cursor, limit: 10)
                seen += page.records.map(\.paymentID.description)
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen == inside)

            // The sequence the reconciler consumes gives the same rows.
            var streamed: [ReconciliationRecord] = []
            for try await record in SettlementReport(gateway: gateway, window: ReconciliationWindow(since: 1_000, until: 2_000)) {
                streamed.append(record)
            }
            #expect(streamed.map(\.paymentID.description) == inside)
            #expect(streamed.allSatisfy { $0.state == .authorized && $0.amount == 0 && $0.eventTime == 1_000 && $0.currency == .usd })

            let late = try await gateway.settlementReport(since: 2_000, until: 2_001, cursor: nil)
            #expect(late.records.map(\.paymentID.description) == ["pay_late", "pay_moved"])
            #expect(late.records.last?.amount == 4_999, "a captured row carries the net captured amount")
            #expect(late.nextCursor == nil)
        }
    }

    @Test("drift falsifies exactly the rows its hash picks, the same way on every request")
    func drift() async throws {
        let clock = ManualClock(5_000)
        let drift = try #require(DriftConfiguration(omit: 0.2, amount: 0.2, status: 0.2, seed: 11))
        let configuration = GatewaySimulatorConfiguration(drift: drift, clock: { clock.now })
        try await SimulatorHarness.with(configuration) { harness in
            let gateway = harness.gateway
            var truth: [String: GatewayPayment] = [:]
            for index in 0..<60 {
                let id = "pay_\(index)"
                let authorization = try await gateway.authorize(Requests.authorize(id, amount: 1_000 + Int64(index)))
                if index.isMultiple(of: 2) {
                    _ = try await gateway.capture(CaptureRequest(paymentID: id, authorizationID: authorization.authorizationID, idempotencyKey: "c\(id)"))
                }
                truth[id] = try await gateway.retrieve(paymentID: id)
            }
            let window = ReconciliationWindow(since: 5_000, until: 5_001)
            var report: [String: ReconciliationRecord] = [:]
            var cursor: String?
            repeat {
                let page = try await gateway.settlementReport(since: window.since, until: window.until, cursor: cursor, limit: 7)
                for record in page.records { report[record.paymentID.description] = record }
                cursor = page.nextCursor
            } while cursor != nil

            var kinds: [DriftConfiguration.Kind: Int] = [:]
            for (id, payment) in truth {
                let kind = drift.kind(for: id)
                if let kind { kinds[kind, default: 0] += 1 }
                let net = payment.capturedAmount.amount - payment.refundedAmount.amount
                switch kind {
                case .omit:
                    #expect(report[id] == nil, "\(id) omitted")
                case .amount:
                    #expect(report[id]?.amount == net + DriftConfiguration.amountDelta, "\(id) amount drift")
                    #expect(report[id]?.state == payment.state)
                case .status:
                    #expect(report[id]?.state != payment.state, "\(id) status drift")
                    #expect(report[id]?.amount == net)
                case nil:
                    #expect(report[id]?.amount == net, "\(id) true")
                    #expect(report[id]?.state == payment.state, "\(id) true")
                }
            }
            // With 60 rows at 20 % each, every kind occurs (the seed is fixed, so this is deterministic).
            #expect(kinds.count == 3)

            // The answer key served to tests names the same rows.
            let served = try await harness.get("/_sim/drift?since=5000&until=5001")
            let decoded = try JSONDecoder().decode([String: [String: DriftConfiguration.Kind]].self, from: Data(served.body.utf8))
            var expected: [String: DriftConfiguration.Kind] = [:]
            for id in truth.keys { expected[id] = drift.kind(for: id) }
            #expect(decoded["drifted"] == expected)
        }
    }
}
