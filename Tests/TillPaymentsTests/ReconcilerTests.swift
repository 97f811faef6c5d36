import Foundation
import Synchronization
import Testing
import TillPayments

func record(_ id: String, _ amount: Int64 = 4_999, state: PaymentState = .captured, at time: Int64 = 1_000, currency: Currency = .usd)
    -> ReconciliationRecord
{
    guard let paymentID = CompactID(id) else { preconditionFailure("bad test id \(id)") }
    return ReconciliationRecord(paymentID: paymentID, amount: amount, currency: currency, state: state, eventTime: time)
}

@Suite("Reconciler")
struct ReconcilerTests {
    let window = ReconciliationWindow(since: 1_000, until: 2_000)

    @Test("the seed summary reproduces from a constructed ledger and report")
    func seedSummary() async throws {
        let shared = (0..<1_249).map { String(format: "pay_%05d", $0) }
        let ledger = shared.map { id in record(id, state: id == "pay_00777" ? .captured : .captured) }
        var report = shared.map { id in record(id, state: id == "pay_00777" ? .refunded : .captured) }
        report.append(record("pay_99998"))
        report.append(record("pay_99999"))
        let result = try await Reconciler(window: window).reconcile(internal: ledger, gateway: report)
        #expect(result.summary == "1248/1251 matched, 3 discrepancies: 2 missing_internal, 1 status_mismatch")
        #expect(result.total == 1_251)
        #expect(result.byType == [.missingInternal: 2, .statusMismatch: 1])
        #expect(result.discrepancies.map(\.paymentID.description) == ["pay_00777", "pay_99998", "pay_99999"])
    }

    @Test("each kind of discrepancy is found, one per payment, status before amount")
    func everyType() async throws {
        let ledger = [
            record("a_match"), record("b_amount", 5_000), record("c_status", state: .authorized),
            record("d_only_internal"), record("f_currency", currency: .eur), record("g_both", 1, state: .voided),
        ]
        let gateway = [
            record("a_match"), record("b_amount", 4_999), record("c_status"), record("e_only_gateway"),
            record("f_currency"), record("g_both", 2),
        ]
        let result = try await Reconciler(window: window).reconcile(internal: ledger, gateway: gateway)
        let types = Dictionary(uniqueKeysWithValues: result.discrepancies.map { ($0.paymentID.description, $0.type) })
        #expect(
            types == [
                "b_amount": .amountMismatch, "c_status": .statusMismatch, "d_only_internal": .missingGateway,
                "e_only_gateway": .missingInternal, "f_currency": .amountMismatch, "g_both": .statusMismatch,
            ])
        #expect(
            result.summary == "1/7 matched, 6 discrepancies: 1 missing_internal, 1 missing_gateway, 2 amount_mismatch, 2 status_mismatch")
        #expect(result.matched + result.discrepancyCount == result.total)
    }

    @Test("the window is [since, until) by event time, and a pair counts if either side is inside")
    func window() async throws {
        let ledger = [
            record("after", at: 2_000), record("before", at: 999), record("first", at: 1_000), record("last", at: 1_999),
            record("straddles", at: 1_999),
        ]
        let gateway = [record("straddles", state: .refunded, at: 2_001), record("z_late_only", at: 2_000)]
        let result = try await Reconciler(window: window).reconcile(internal: ledger, gateway: gateway)
        #expect(result.total == 3)
        #expect(result.discrepancies.map(\.paymentID.description) == ["first", "last", "straddles"])
        #expect(result.count(of: .missingGateway) == 2)
        #expect(result.count(of: .statusMismatch) == 1)
    }

    @Test("summaries use the right number and omit types that did not occur")
    func summaries() async throws {
        let empty = try await Reconciler(window: window).reconcile(internal: [ReconciliationRecord](), gateway: [ReconciliationRecord]())
        #expect(empty.summary == "0/0 matched, 0 discrepancies")
        let clean = try await Reconciler(window: window).reconcile(
            internal: [record("a"), record("b")], gateway: [record("a"), record("b")])
        #expect(clean.summary == "2/2 matched, 0 discrepancies")
        let one = try await Reconciler(window: window).reconcile(internal: [record("a")], gateway: [ReconciliationRecord]())
        #expect(one.summary == "0/1 matched, 1 discrepancy: 1 missing_gateway")
    }

    @Test("unsorted or repeated ids stop the run", arguments: [["b", "a"], ["a", "a"]])
    func unsorted(ids: [String]) async {
        await #expect(throws: ReconciliationError.self) {
            try await Reconciler(window: window).reconcile(internal: [ReconciliationRecord](), gateway: ids.map { record($0) })
        }
        await #expect(throws: ReconciliationError.self) {
            try await Reconciler(window: window).reconcile(internal: ids.map { record($0) }, gateway: [record("a")])
        }
    }

    @Test("handlers run for their type only, in order, as discrepancies are found")
    func handlers() async throws {
        let seen = Mutex<[String]>([])
        var reconciler = Reconciler(window: window)
        reconciler.on(.missingGateway) { discrepancy in seen.withLock { $0.append("page \(discrepancy.paymentID)") } }
        reconciler.on(.missingGateway) { discrepancy in seen.withLock { $0.append("event \(discrepancy.paymentID)") } }
        reconciler.on(.missingInternal) { discrepancy in seen.withLock { $0.append("replay \(discrepancy.paymentID)") } }
        _ = try await reconciler.reconcile(internal: [record("a"), record("c")], gateway: [record("b"), record("c", state: .voided)])
        #expect(seen.withLock { $0 } == ["page a", "event a", "replay b"])
    }

    @Test("a throwing handler ends the run with its error")
    func throwingHandler() async {
        struct PagerDown: Error {}
        var reconciler = Reconciler(window: window)
        reconciler.on(.missingGateway) { _ in throw PagerDown() }
        await #expect(throws: PagerDown.self) {
            try await reconciler.reconcile(internal: [record("a")], gateway: [ReconciliationRecord]())
        }
    }

    @Test("the report keeps the first discrepancies and exact counts")
    func retention() async throws {
        let ledger = (0..<50).map { record(String(format: "p%03d", $0)) }
        let result = try await Reconciler(window: window, retentionLimit: 10).reconcile(internal: ledger, gateway: [ReconciliationRecord]())
        #expect(result.discrepancies.count == 10)
        #expect(result.isTruncated)
        #expect(result.count(of: .missingGateway) == 50)
        #expect(result.discrepancies.first?.paymentID.description == "p000")
    }

    @Test("a paged settlement report streams into the merge")
    func pagedGateway() async throws {
        let gateway = PagedGateway(records: (0..<25).map { record(String(format: "p%03d", $0)) }, pageSize: 7)
        let ledger = (1..<26).map { record(String(format: "p%03d", $0)) }
        let result = try await Reconciler(window: window).reconcile(
            internal: ledger.async, gateway: SettlementReport(gateway: gateway, window: window)
        )
        #expect(result.summary == "24/26 matched, 2 discrepancies: 1 missing_internal, 1 missing_gateway")
        #expect(gateway.pagesServed == 4)
    }

    @Test("large inputs merge in one linear pass")
    func large() async throws {
        let count = 100_000
        let ledger = (0..<count).map { record(String(format: "pay_%08d", $0)) }
        var gateway = ledger
        gateway[count / 2].amount += 1
        let result = try await Reconciler(window: window).reconcile(internal: ledger, gateway: gateway)
        #expect(result.summary == "99999/100000 matched, 1 discrepancy: 1 amount_mismatch")
    }
}

@Suite("CompactID")
struct CompactIDTests {
    @Test("ids round-trip and compare in byte order")
    func ordering() throws {
        let ids = ["a", "aa", "ab", "b", "pay_1", "pay_10", "pay_2", "Z", "0", String(repeating: "x", count: 64), "ord:1.2-3_4"]
        let compact = try ids.map { try #require(CompactID($0)) }
        #expect(compact.map(\.description) == ids)
        #expect(compact.sorted().map(\.description) == ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(Set(compact).count == ids.count)
        #expect(CompactID("pay_1") == CompactID("pay_1"))
    }

    @Test("ids that do not fit are refused", arguments: ["", String(repeating: "x", count: 65), "with space", "tab\t", "é"])
    func refused(text: String) {
        #expect(CompactID(text) == nil)
    }

    @Test("records stay compact")
    func size() {
        #expect(MemoryLayout<ReconciliationRecord>.stride <= 96)
    }
}

extension Array where Element: Sendable {
    /// The array as an asynchronous sequence, like a Redis scan would deliver it.
    var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}

/// A gateway that serves a settlement report in pages; everything else is unused here.
final class PagedGateway: PaymentGateway {
    private let records: [ReconciliationRecord]
    private let pageSize: Int
    private let served = Mutex(0)

    init(records: [ReconciliationRecord], pageSize: Int) {
        self.records = records
        self.pageSize = pageSize
    }

    var pagesServed: Int { served.withLock { $0 } }

    func settlementReport(since: Int64, until: Int64, cursor: String?) async throws(PaymentError) -> SettlementReportPage {
        served.withLock { $0 += 1 }
        let start = cursor.flatMap(Int.init) ?? 0
        let end = min(start + pageSize, records.count)
        return SettlementReportPage(records: Array(records[start..<end]), nextCursor: end < records.count ? String(end) : nil)
    }

    func authorize(_ request: AuthorizationRequest) async throws(PaymentError) -> Authorization { throw .internal("unused") }
    func capture(_ request: CaptureRequest) async throws(PaymentError) -> Capture { throw .internal("unused") }
    func void(_ request: VoidRequest) async throws(PaymentError) -> VoidResult { throw .internal("unused") }
    func refund(_ request: RefundRequest) async throws(PaymentError) -> Refund { throw .internal("unused") }
    func retrieve(paymentID: String) async throws(PaymentError) -> GatewayPayment? { nil }
}

@Suite("Reconciliation wire shapes")
struct ReconciliationCodingTests {
    @Test("discrepancies encode as {type, payment_id, internal, gateway} and round-trip")
    func discrepancy() throws {
        let discrepancy = Discrepancy(
            type: .statusMismatch, paymentID: try #require(CompactID("pay_1")),
            internal: record("pay_1"), gateway: record("pay_1", state: .refunded)
        )
        let data = try JSONEncoder().encode(discrepancy)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["type"] as? String == "status_mismatch")
        #expect(object["payment_id"] as? String == "pay_1")
        let gateway = try #require(object["gateway"] as? [String: Any])
        #expect(gateway["state"] as? String == "refunded")
        #expect(gateway["event_time"] as? Int == 1_000)
        #expect(gateway["amount"] as? Int == 4_999)
        #expect(try JSONDecoder().decode(Discrepancy.self, from: data) == discrepancy)
    }

    @Test("a report row with a bad id or currency is refused")
    func badRows() {
        for row in [
            #"{"payment_id":"","amount":1,"currency":"USD","state":"captured","event_time":1}"#,
            #"{"payment_id":"p","amount":1,"currency":"XYZ","state":"captured","event_time":1}"#,
            #"{"payment_id":"p","amount":1.5,"currency":"USD","state":"captured","event_time":1}"#,
        ] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(ReconciliationRecord.self, from: Data(row.utf8)) }
        }
    }
}
