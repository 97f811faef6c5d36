import Testing
@testable import TillLoad

@Suite("Audit invariants")
struct InvariantChecksTests {
    static let catalogue = Catalogue(count: 2, stock: 100)

    /// Two orders: one completed (2 × sku 0), one compensated (1 × sku 1); consistent evidence.
    static func consistent() -> AuditEvidence {
        let orders = [
            CheckoutOrder(number: 0, orderID: "ld-r-0", customerID: "c0", email: "c0@example.com",
                          lines: [.init(skuIndex: 0, quantity: 2)], scenario: .visa),
            CheckoutOrder(number: 1, orderID: "ld-r-1", customerID: "c1", email: "c1@example.com",
                          lines: [.init(skuIndex: 1, quantity: 1)], scenario: .declined),
        ]
        let sagas: [String: SagaSnapshot] = [
            "ld-r-0": SagaSnapshot(
                orderID: "ld-r-0", state: "completed",
                steps: [.init(name: "reserve_inventory", state: "succeeded"), .init(name: "create_shipment", state: "succeeded")],
                paymentID: "pay_ld-r-0", shipmentID: "shp_ld-r-0", totalAmount: 500
            ),
            "ld-r-1": SagaSnapshot(
                orderID: "ld-r-1", state: "compensated",
                steps: [.init(name: "reserve_inventory", state: "compensated"), .init(name: "authorize_payment", state: "failed")],
                paymentID: "pay_ld-r-1", shipmentID: nil, totalAmount: 300
            ),
        ]
        return AuditEvidence(
            orders: orders, sagas: sagas, runningAnywhere: 0,
            payments: [
                "pay_ld-r-0": PaymentSnapshot(paymentID: "pay_ld-r-0", orderID: "ld-r-0", state: "captured", amount: 500, capturedAmount: 500),
                "pay_ld-r-1": PaymentSnapshot(paymentID: "pay_ld-r-1", orderID: "ld-r-1", state: "failed", amount: 300, capturedAmount: 0),
            ],
            shipments: ["shp_ld-r-0": ShipmentSnapshot(state: "created")], shipmentsChecked: true,
            catalogue: catalogue,
            stockBefore: [StockSnapshot(onHand: 100, reserved: 0, available: 100), StockSnapshot(onHand: 100, reserved: 0, available: 100)],
            stockAfter: [StockSnapshot(onHand: 98, reserved: 0, available: 98), StockSnapshot(onHand: 100, reserved: 0, available: 100)],
            settlement: [
                SettlementRow(paymentID: "pay_ld-r-0", orderID: nil, state: "captured", capturedAmount: 500),
                SettlementRow(paymentID: "pay_ld-r-1", orderID: nil, state: "failed", capturedAmount: 0),
            ],
            settlementUnavailable: nil, orderIDPrefix: "ld-r-"
        )
    }

    static func failing(_ report: AuditReport) -> [String] {
        report.verdicts.filter { $0.status == .fail }.map(\.invariant)
    }

    @Test("consistent evidence passes every invariant")
    func consistentPasses() {
        let report = InvariantChecks.evaluate(Self.consistent())
        #expect(report.passed, "\(report.verdicts)")
        #expect(report.verdicts.count == 9)
        #expect(report.verdicts.allSatisfy { $0.status == .pass })
    }

    @Test("each kind of violation fails exactly its invariant", arguments: [
        "running", "conservation", "drop", "held", "uncaptured", "noShipment", "compensatedCaptured",
        "liveAuthorization", "secondCharge", "ledgerMismatch", "failedCompensation",
    ])
    func violations(kind: String) {
        var evidence = Self.consistent()
        let expected: [String]
        switch kind {
        case "running":
            evidence.sagas["ld-r-1"]?.state = "running"
            expected = ["no saga left running after the drain"]
        case "failedCompensation":
            evidence.sagas["ld-r-1"]?.state = "failed_compensation"
            expected = ["no saga ended in failed_compensation"]
        case "conservation":
            evidence.stockAfter[1] = StockSnapshot(onHand: 100, reserved: 0, available: 99)
            expected = ["on_hand == available + reserved for every sku"]
        case "drop":
            evidence.stockAfter[0] = StockSnapshot(onHand: 97, reserved: 0, available: 97)
            expected = ["stock drop == quantity committed by completed sagas"]
        case "held":
            evidence.stockAfter[1] = StockSnapshot(onHand: 100, reserved: 1, available: 99)
            expected = ["no stock held once every saga finished"]
        case "uncaptured":
            evidence.payments["pay_ld-r-0"]?.state = "authorized"
            evidence.payments["pay_ld-r-0"]?.capturedAmount = 0
            evidence.settlement?[0].capturedAmount = 0
            expected = ["every completed saga has exactly one captured payment and a shipment"]
        case "noShipment":
            evidence.shipments["shp_ld-r-0"] = ShipmentSnapshot(state: "cancelled")
            expected = ["every completed saga has exactly one captured payment and a shipment"]
        case "compensatedCaptured":
            evidence.payments["pay_ld-r-1"]?.capturedAmount = 300
            evidence.settlement?[1].capturedAmount = 300
            expected = ["every compensated saga captured nothing and holds no authorization or stock"]
        case "liveAuthorization":
            evidence.payments["pay_ld-r-1"]?.state = "authorized"
            expected = ["every compensated saga captured nothing and holds no authorization or stock"]
        case "secondCharge":
            // A second payment of the same order, captured at the gateway, that no saga points at.
            evidence.settlement?.append(SettlementRow(paymentID: "pay_ld-r-0-retry", orderID: nil, state: "captured", capturedAmount: 500))
            expected = [
                "every completed saga has exactly one captured payment and a shipment",
                "no order charged twice",
                "gateway simulator's captured total == ledger's captured total",
            ]
        case "ledgerMismatch":
            evidence.settlement?[0].capturedAmount = 400
            expected = ["gateway simulator's captured total == ledger's captured total"]
        default:
            Issue.record("unknown kind \(kind)")
            return
        }
        #expect(Self.failing(InvariantChecks.evaluate(evidence)) == expected)
    }

    @Test("without a simulator the ledger comparison is skipped, not failed")
    func skipped() {
        var evidence = Self.consistent()
        evidence.settlement = nil
        evidence.settlementUnavailable = "no gateway simulator configured"
        let report = InvariantChecks.evaluate(evidence)
        #expect(report.passed)
        #expect(report.verdicts.last?.status == .skipped)
    }

    @Test("an order id embedded in a payment id is found")
    func embedded() {
        #expect(InvariantChecks.embeddedOrderID("pay_ld-r-42", prefix: "ld-r-") == "ld-r-42")
        #expect(InvariantChecks.embeddedOrderID("saga_ld-r-7:authorize_payment", prefix: "ld-r-") == "ld-r-7")
        #expect(InvariantChecks.embeddedOrderID("pay_other", prefix: "ld-r-") == nil)
        #expect(InvariantChecks.embeddedOrderID("pay_ld-r-1", prefix: nil) == nil)
    }
}
