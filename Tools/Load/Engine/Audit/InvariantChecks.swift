import Foundation

/// The invariants a correct stack keeps under any load, judged from ``AuditEvidence``. Pure: every
/// check is a function of what was observed, so each is unit-tested with made-up evidence.
public enum InvariantChecks {
    /// Payment states in which money may still move or be held: never acceptable for a finished saga.
    static let liveAuthorizationStates: Set<String> = ["pending", "authorized", "unknown"]
    static let terminalSagaStates: Set<String> = ["completed", "compensated", "failed_compensation"]

    /// Every verdict, in the order they are printed.
    public static func evaluate(_ evidence: AuditEvidence) -> AuditReport {
        AuditReport(verdicts: [
            self.noneRunning(evidence),
            self.noneFailedCompensation(evidence),
            self.stockConserved(evidence),
            self.stockDropMatchesCommits(evidence),
            self.noStockHeld(evidence),
            self.completedAreCapturedAndShipped(evidence),
            self.compensatedHoldNothing(evidence),
            self.noOrderChargedTwice(evidence),
            self.ledgerMatchesGateway(evidence),
        ])
    }

    static func noneRunning(_ evidence: AuditEvidence) -> AuditReport.Verdict {
        var violations: [String] = []
        for order in evidence.orders {
            guard let saga = evidence.sagas[order.orderID] else { continue }
            if !terminalSagaStates.contains(saga.state) { violations.append("\(order.orderID) is \(saga.state)") }
        }
        if evidence.runningAnywhere > 0, violations.isEmpty {
            violations.append("\(evidence.runningAnywhere) saga(s) of other clients still running")
        }
        return .init("no saga left running after the drain", checked: evidence.sagas.count, what: "sagas", violations: violations)
    }

    static func noneFailedCompensation(_ evidence: AuditEvidence) -> AuditReport.Verdict {
        let violations = evidence.sagas.values.filter { $0.state == "failed_compensation" }.map(\.orderID).sorted()
        return .init("no saga ended in failed_compensation", checked: evidence.sagas.count, what: "sagas", violations: violations)
    }

    static func stockConserved(_ evidence: AuditEvidence) -> AuditReport.Verdict {
        var violations: [String] = []
        for (index, stock) in evidence.stockAfter.enumerated() {
            let sku = evidence.catalogue.sku(index)
            guard let stock else {
                violations.append("\(sku) not found")
                continue
            }
            if stock.onHand != stock.available + stock.reserved {
                violations.append("\(sku): on_hand \(stock.onHand) ≠ available \(stock.available) + reserved \(stock.reserved)")
            }
        }
        return .init("on_hand == available + reserved for every sku", checked: evidence.stockAfter.count, what: "skus", violations: violations)
    }

    static func stockDropMatchesCommits(_ evidence: AuditEvidence) -> AuditReport.Verdict {
        var committed = [Int64](repeating: 0, count: evidence.catalogue.count)
        for order in evidence.orders where evidence.sagas[order.orderID]?.state == "completed" {
            for line in order.lines where line.skuIndex < committed.count {
                committed[line.skuIndex] += Int64(line.quantity)
            }
        }
        var violations: [String] = []
        for index in 0..<min(evidence.stockBefore.count, evidence.stockAfter.count) {
            guard let after = evidence.stockAfter[index] else { continue }
            let drop = evidence.stockBefore[index].onHand - after.onHand
            if drop != committed[index] {
                violations.append("\(evidence.catalogue.sku(index)): on_hand dropped \(drop), completed orders committed \(committed[index])")
            }
        }
        return .init("stock drop == quantity committed by completed sagas", checked: evidence.stockAfter.count, what: "skus", violations: violations)
    }

    static func noStockHeld(_ evidence: AuditEvidence) -> AuditReport.Verdict {
        var violations: [String] = []
        for index in 0..<min(evidence.stockBefore.count, evidence.stockAfter.count) {
            guard let after = evidence.stockAfter[index] else { continue }
            if after.reserved > evidence.stockBefore[index].reserved {
                violations.append("\(evidence.catalogue.sku(index)): \(after.reserved - evidence.stockBefore[index].reserved) units still reserved")
            }
        }
        return .init("no stock held once every saga finished", checked: evidence.stockAfter.count, what: "skus", violations: violations)
    }

    static func completedAreCapturedAndShipped(_ evidence: AuditEvidence) -> AuditReport.Verdict {
        var violations: [String] = []
        let completed = evidence.sagas.values.filter { $0.state == "completed" }
        for saga in completed {
            guard let paymentID = saga.paymentID, let payment = evidence.payments[paymentID] else {
                violations.append("\(saga.orderID): no payment")
                continue
            }
            if payment.state != "captured" || payment.capturedAmount != saga.totalAmount {
                violations.append("\(saga.orderID): payment \(payment.state), captured \(payment.capturedAmount) of \(saga.totalAmount)")
            }
            guard let shipmentID = saga.shipmentID, saga.stepState("create_shipment") == "succeeded" else {
                violations.append("\(saga.orderID): no shipment")
                continue
            }
            if evidence.shipmentsChecked, let shipment = evidence.shipments[shipmentID], shipment.state == "cancelled" {
                violations.append("\(saga.orderID): shipment cancelled")
            } else if evidence.shipmentsChecked, evidence.shipments[shipmentID] == nil {
                violations.append("\(saga.orderID): shipment \(shipmentID) not found")
            }
        }
        if let rows = evidence.settlement {
            violations += self.gatewayCaptures(rows, for: completed, evidence: evidence).compactMap { orderID, count in
                count == 1 ? nil : "\(orderID): \(count) captures at the gateway"
            }
        }
        return .init("every completed saga has exactly one captured payment and a shipment",
                     checked: completed.count, what: "completed sagas", violations: violations.sorted())
    }

    static func compensatedHoldNothing(_ evidence: AuditEvidence) -> AuditReport.Verdict {
        var violations: [String] = []
        let compensated = evidence.sagas.values.filter { $0.state == "compensated" }
        for saga in compensated {
            if let paymentID = saga.paymentID, let payment = evidence.payments[paymentID] {
                if payment.capturedAmount != 0 { violations.append("\(saga.orderID): \(payment.capturedAmount) captured") }
                if liveAuthorizationStates.contains(payment.state) { violations.append("\(saga.orderID): payment still \(payment.state)") }
            }
            if let reserve = saga.stepState("reserve_inventory"), reserve == "succeeded" || reserve == "running" {
                violations.append("\(saga.orderID): reservation still \(reserve)")
            }
        }
        if let rows = evidence.settlement {
            violations += self.gatewayCaptures(rows, for: compensated, evidence: evidence).compactMap { orderID, count in
                count == 0 ? nil : "\(orderID): captured at the gateway"
            }
        }
        return .init("every compensated saga captured nothing and holds no authorization or stock",
                     checked: compensated.count, what: "compensated sagas", violations: violations.sorted())
    }

    static func noOrderChargedTwice(_ evidence: AuditEvidence) -> AuditReport.Verdict {
        var violations: [String] = []
        for saga in evidence.sagas.values {
            guard let paymentID = saga.paymentID, let payment = evidence.payments[paymentID] else { continue }
            if payment.capturedAmount > saga.totalAmount {
                violations.append("\(saga.orderID): captured \(payment.capturedAmount) > total \(saga.totalAmount)")
            }
        }
        if let rows = evidence.settlement {
            let all = Array(evidence.sagas.values)
            violations += self.gatewayCaptures(rows, for: all, evidence: evidence).compactMap { orderID, count in
                count > 1 ? "\(orderID): \(count) captures at the gateway" : nil
            }
        }
        return .init("no order charged twice", checked: evidence.sagas.count, what: "orders", violations: violations.sorted())
    }

    static func ledgerMatchesGateway(_ evidence: AuditEvidence) -> AuditReport.Verdict {
        let invariant = "gateway simulator's captured total == ledger's captured total"
        guard let rows = evidence.settlement else {
            return .init(invariant: invariant, status: .skipped, detail: evidence.settlementUnavailable ?? "no settlement report")
        }
        let ours = Set(evidence.payments.keys)
        let ledger = evidence.payments.values.reduce(Int64(0)) { $0 + $1.capturedAmount }
        let gateway = rows.filter { ours.contains($0.paymentID) || self.embeddedOrderID($0.paymentID, prefix: evidence.orderIDPrefix) != nil }
            .reduce(Int64(0)) { $0 + $1.capturedAmount }
        let violations = ledger == gateway ? [] : ["ledger \(ledger) vs gateway \(gateway) (minor units)"]
        return .init(invariant, checked: ours.count, what: "payments", violations: violations)
    }

    /// Captures the gateway reports per order of `sagas`: a row counts for an order when it names
    /// the order, is the saga's payment, or its payment id embeds the order id. Orders without any
    /// capture are listed with 0.
    private static func gatewayCaptures(_ rows: [SettlementRow], for sagas: [SagaSnapshot], evidence: AuditEvidence) -> [(String, Int)] {
        var orderOfPayment: [String: String] = [:]
        for saga in evidence.sagas.values {
            if let paymentID = saga.paymentID { orderOfPayment[paymentID] = saga.orderID }
        }
        var byOrder: [String: Int] = [:]
        for row in rows where row.capturedAmount > 0 {
            let orderID = row.orderID ?? orderOfPayment[row.paymentID] ?? self.embeddedOrderID(row.paymentID, prefix: evidence.orderIDPrefix)
            if let orderID { byOrder[orderID, default: 0] += 1 }
        }
        return sagas.map { ($0.orderID, byOrder[$0.orderID] ?? 0) }
    }

    /// `ld-r1-42` out of `pay_ld-r1-42` for the prefix `ld-r1-`.
    static func embeddedOrderID(_ paymentID: String, prefix: String?) -> String? {
        guard let prefix, let start = paymentID.range(of: prefix) else { return nil }
        let digits = paymentID[start.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : prefix + digits
    }
}
