import TillAPI
import TillClients
import TillWire

/// Scenarios 1 to 4: a checkout's path through the saga, checked at the orchestrator, payments,
/// inventory and the gateway simulator.
enum DemoCheckoutScenarios {
    /// 1. The gateway drops the first two authorize attempts; payments retries, the saga completes.
    @Sendable static func flakyCard(_ session: DemoSession, _ report: inout DemoReport) async throws {
        let sku = try await session.stock("flaky", onHand: 10, price: 1_250)
        let before = try await session.simulatorStats()
        let saga = try await session.checkout.start(session.order(session.orderID("flaky"), sku: sku, quantity: 2, card: "tok_flaky_2"))
        let after = try await session.simulatorStats()
        await report.showOrder(saga, in: session)

        report.check(saga.state == .completed, "saga completed", observed: saga.state.rawValue)
        report.check(saga.steps.allSatisfy { $0.state == .succeeded }, "every step succeeded")
        let dropped = after["dropped"] - before["dropped"]
        report.check(dropped >= 2, "the gateway dropped 2 authorize attempts and payments retried", observed: "\(dropped) dropped")
        let payment = try await session.payments.get(paymentID: DemoSession.paymentID(of: saga.orderID))
        report.check(payment.state == "captured" && payment.capturedAmount == 2_500, "25.00 USD captured", observed: "\(payment.state) \(payment.capturedAmount)")
        let stock = try await session.inventory.getStock(sku: sku)
        report.check(stock.onHand == 8 && stock.reserved == 0, "2 units sold: 8 on hand, none reserved", observed: "\(stock.onHand) on hand, \(stock.reserved) reserved")
    }

    /// 2. The same order once, 20 times at once, and once more: one saga, one authorization.
    @Sendable static func replay(_ session: DemoSession, _ report: inout DemoReport) async throws {
        let sku = try await session.stock("replay", onHand: 10, price: 900)
        let order = session.order(session.orderID("replay"), sku: sku)
        let before = try await session.simulatorStats()
        let first = try await session.checkout.start(order)
        let checkout = session.checkout
        let concurrent = await withTaskGroup(of: SagaView?.self) { group in
            for _ in 0..<20 {
                group.addTask { try? await checkout.start(order) }
            }
            return await group.reduce(into: [SagaView?]()) { $0.append($1) }
        }
        let last = try await session.checkout.start(order)
        let after = try await session.simulatorStats()
        await report.showOrder(last, in: session)

        report.check(first.state == .completed, "the first call completed", observed: first.state.rawValue)
        let same = concurrent.filter { $0?.state == .completed && $0?.createdAt == first.createdAt }.count
        report.check(same == 20, "20 concurrent calls all answered with the same completed saga", observed: "\(same) of 20")
        report.check(last.createdAt == first.createdAt && last.state == .completed, "the replay answered the same saga")
        let authorizations = after["authorizations_created"] - before["authorizations_created"]
        report.check(authorizations == 1, "one authorization at the gateway", observed: "\(authorizations)")
        let captures = after["captures"] - before["captures"]
        report.check(captures == 1, "one capture at the gateway", observed: "\(captures)")
        let stock = try await session.inventory.getStock(sku: sku)
        report.check(stock.onHand == 9, "one unit sold", observed: "\(stock.onHand) on hand")
    }

    /// 3. The carrier rejects the address: the authorization is voided, the stock released.
    @Sendable static func rejectedShipment(_ session: DemoSession, _ report: inout DemoReport) async throws {
        let sku = try await session.stock("noship", onHand: 5, price: 400)
        let before = try await session.simulatorStats()
        let saga = try await session.checkout.start(session.order(session.orderID("noship"), sku: sku, postalCode: "00000"))
        let after = try await session.simulatorStats()
        await report.showOrder(saga, in: session)

        report.check(saga.state == .compensated, "saga compensated", observed: saga.state.rawValue)
        let states = saga.steps.map(\.state)
        report.check(
            states == [.compensated, .compensated, .failed, .skipped, .skipped],
            "reservation and authorization compensated, shipment failed, capture and commit skipped",
            observed: states.map(\.rawValue).joined(separator: ",")
        )
        let shipment = saga.steps.first { $0.name == "create_shipment" }
        report.check(shipment?.error?.code.rawValue == "address_rejected", "the carrier rejected the address", observed: shipment?.error?.code.rawValue ?? "no error")
        let paymentID = DemoSession.paymentID(of: saga.orderID)
        let gateway = try await session.simulatorPayment(paymentID)
        report.check(gateway["state"]?.stringValue == "voided", "the authorization is voided at the gateway", observed: gateway["state"]?.stringValue ?? "none")
        report.check(after["captures"] == before["captures"], "nothing captured", observed: "\(after["captures"] - before["captures"]) captures")
        let stock = try await session.inventory.getStock(sku: sku)
        report.check(stock.onHand == 5 && stock.available == 5, "stock released: 5 available", observed: "\(stock.available) available")
    }

    /// 4. A blocklisted e-mail: the fraud screen refuses before any gateway call.
    @Sendable static func fraudBlock(_ session: DemoSession, _ report: inout DemoReport) async throws {
        let sku = try await session.stock("fraud", onHand: 5, price: 400)
        let before = try await session.simulatorStats()
        let saga = try await session.checkout.start(session.order(session.orderID("fraud"), sku: sku, email: "blocked@example.com"))
        let after = try await session.simulatorStats()
        await report.showOrder(saga, in: session)

        report.check(saga.state == .compensated, "saga compensated", observed: saga.state.rawValue)
        let authorize = saga.steps.first { $0.name == "authorize_payment" }
        report.check(
            authorize?.state == .failed && authorize?.error?.code.rawValue == "fraud_blocked", "authorize_payment failed with fraud_blocked",
            observed: "\(authorize?.state.rawValue ?? "-") \(authorize?.error?.code.rawValue ?? "")"
        )
        let calls = after.requests("authorize") - before.requests("authorize")
        report.check(calls == 0, "no authorize request reached the gateway", observed: "\(calls)")
        let stock = try await session.inventory.getStock(sku: sku)
        report.check(stock.available == 5 && stock.reserved == 0, "stock released: 5 available", observed: "\(stock.available) available")
    }
}
