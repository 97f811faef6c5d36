import Testing
import TillGatewayHTTP
import TillPayments

@testable import TillGatewaySim

/// The ledger's state machine without sockets.
@Suite("Gateway ledger")
struct GatewayLedgerTests {
    private static func ledger() -> GatewayLedger {
        var generator = SystemRandomNumberGenerator()
        return GatewayLedger(challengeURLPrefix: "https://3ds.test/", identifiers: IdentifierGenerator(using: &generator))
    }

    private static func authorize(_ id: String, amount: Int64 = 100, card: String = "tok_visa") -> GatewayLedger.Operation {
        .authorize(
            AuthorizeBody(
                paymentID: id, orderID: "o", amount: amount, currency: "USD", cardToken: card, customerID: "c",
                email: nil, billingCountry: "US"
            )
        )
    }

    @Test("tok_flaky_2 drops the first two attempts per payment, counted per payment")
    func flakyCounting() {
        var ledger = Self.ledger()
        let drops = ["a", "b", "a", "a", "b", "b"].map { ledger.dropsFlakyAttempt(paymentID: $0) }
        #expect(drops == [true, true, true, false, true, false])
        #expect(ledger.payments.isEmpty, "a dropped attempt records no payment")
    }

    @Test("replay, conflict, and a 400 that records nothing")
    func idempotency() {
        var ledger = Self.ledger()
        guard case .performed(.authorized(let first), let events) = ledger.perform(Self.authorize("p"), key: "k", now: 1) else {
            Issue.record("not authorized")
            return
        }
        #expect(events.isEmpty)
        guard case .replayed(.authorized(let again)) = ledger.perform(Self.authorize("p"), key: "k", now: 2) else {
            Issue.record("not replayed")
            return
        }
        #expect(again == first)
        guard case .conflict = ledger.perform(Self.authorize("p", amount: 200), key: "k", now: 3) else {
            Issue.record("no conflict")
            return
        }
        guard case .performed(.failure(status: 400, _), _) = ledger.perform(Self.authorize("q", amount: 0), key: "k2", now: 4) else {
            Issue.record("zero amount accepted")
            return
        }
        guard case .performed(.authorized, _) = ledger.perform(Self.authorize("q", amount: 5), key: "k2", now: 5) else {
            Issue.record("a refused request's key was recorded")
            return
        }
    }

    @Test("capture and refund emit one event each with what moved; the last change time follows")
    func events() {
        var ledger = Self.ledger()
        guard case .performed(.authorized(let authorization), _) = ledger.perform(Self.authorize("p", amount: 1_000), key: "a", now: 10) else {
            Issue.record("not authorized")
            return
        }
        let capture = ledger.perform(.capture(paymentID: "p", CaptureBody(authorizationID: authorization.authorizationID, amount: 800, currency: "USD")), key: "c", now: 20)
        guard case .performed(.payment(let captured), let captureEvents) = capture else {
            Issue.record("not captured")
            return
        }
        #expect(captured.state == .captured && captured.capturedAmount == 800 && captured.updatedAt == 20)
        #expect(captureEvents.map(\.type) == [.chargeCaptured])
        #expect(captureEvents.first?.data.object.amount == 800)
        let refund = ledger.perform(.refund(paymentID: "p", RefundBody(amount: nil, currency: nil, reason: "changed mind")), key: "r", now: 30)
        guard case .performed(.refunded(let refunded), let refundEvents) = refund else {
            Issue.record("not refunded")
            return
        }
        #expect(refunded.amount == 800 && refunded.state == .refunded)
        #expect(refundEvents.first?.data.object.refundID == refunded.refundID)
        #expect(captureEvents.first?.id != refundEvents.first?.id)
        let rows = ledger.settlementRows(since: 30, until: 31, after: nil)
        #expect(rows.map(\.amount) == [0])
        #expect(ledger.settlementRows(since: 0, until: 30, after: nil).isEmpty, "judged by the last change")
    }

    @Test("the report pager sorts by id bytes, pages, and omits drifted rows without shifting the cursor")
    func pager() throws {
        let rows = ["b", "a", "C", "c", "aa"].map {
            SettlementRowBody(paymentID: $0, amount: 1, currency: "USD", state: .captured, eventTime: 1, authorizedAmount: 1, capturedAmount: 1, refundedAmount: 0)
        }
        let page = SettlementReportPager(drift: .none).page(of: rows, limit: 3)
        #expect(page.rows.map(\.paymentID) == ["C", "a", "aa"])
        #expect(page.nextCursor == "aa")
        let omitAll = try #require(DriftConfiguration(omit: 1, amount: 0, status: 0, seed: 0))
        let omitted = SettlementReportPager(drift: omitAll).page(of: rows, limit: 3)
        #expect(omitted.rows.isEmpty)
        #expect(omitted.nextCursor == "aa")
    }
}
