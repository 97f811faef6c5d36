import Foundation
import Testing
import TillAPI
import TillCheckout
import TillTestSupport
import TillWire

/// Checkout sagas through real executables that fail before or at the payment step, so no
/// payments service is needed: payments' address is a port nobody listens on.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct CheckoutWithoutPaymentsTests {
    @Test func aPriceThatChangedFailsBeforeAnyPaymentAndReleasesTheStock() async throws {
        let stack = try await CheckoutStack.start(paymentsAddress: "127.0.0.1:\(FreePort.next())")
        defer { stack.stop() }
        let orchestrator = try await stack.startOrchestrator()
        try await stack.stock("sku-1", onHand: 10, price: 1_999)

        let view = try await CheckoutStack.client(orchestrator) { client in
            try await client.call(
                "checkout.start", params: CheckoutStack.order("o-price", quantity: 2, unitPrice: 1_500),
                as: SagaView.self
            )
        }
        #expect(view.state == .compensated)
        #expect(view.sagaID == "saga_o-price" && view.orderID == "o-price")
        #expect(view.steps.map(\.name) == ["reserve_inventory", "authorize_payment", "create_shipment", "capture_payment", "commit_inventory"])
        #expect(view.steps.map(\.state) == [.compensated, .skipped, .skipped, .skipped, .skipped])
        let error = try #require(view.steps[0].error)
        #expect(error.code == .priceChanged)
        #expect(error.details == ["sku": "sku-1", "expected": 1_500, "actual": 1_999])
        #expect(view.paymentID == nil)
        let levels = try await stack.stockLevels("sku-1")
        #expect(levels.onHand == 10 && levels.available == 10 && levels.reserved == 0)
    }

    @Test func startIsIdempotentOnTheOrderAndListsAndGetsFollowIt() async throws {
        let stack = try await CheckoutStack.start(paymentsAddress: "127.0.0.1:\(FreePort.next())")
        defer { stack.stop() }
        let orchestrator = try await stack.startOrchestrator()
        try await stack.stock("sku-1", onHand: 1, price: 500)

        try await CheckoutStack.client(orchestrator) { client in
            // Not enough stock: refused at once, nothing to compensate.
            let order = CheckoutStack.order("o-idem", quantity: 5)
            let views = await LiveRedis.concurrently(20) {
                try? await client.call("checkout.start", params: order, as: SagaView.self)
            }
            #expect(views.count == 20 && views.allSatisfy { $0?.state == .compensated })
            #expect(Set(views.compactMap { $0?.createdAt }).count == 1)
            let first = try #require(views.first ?? nil)
            #expect(first.steps[0].state == .failed && first.steps[0].error?.code == WireErrorCode("insufficient_stock"))
            #expect(first.total.currency == "USD")

            var changed = order
            changed.items[0].quantity = 4
            try await expectCheckoutError(.idempotencyConflict) {
                _ = try await client.call("checkout.start", params: changed, as: SagaView.self)
            }
            let got = try await client.call("checkout.get", params: OrderIDParams(orderID: "o-idem"), as: SagaView.self)
            #expect(got.state == .compensated && got.steps == first.steps)
            try await expectCheckoutError(.notFound) {
                _ = try await client.call("checkout.get", params: OrderIDParams(orderID: "o-none"), as: SagaView.self)
            }
            try await expectCheckoutError(.invalidState) {
                _ = try await client.call("checkout.recover", params: OrderIDParams(orderID: "o-idem"), as: SagaView.self)
            }
            try await expectCheckoutError(.badRequest) {
                _ = try await client.call("checkout.list", params: CheckoutListParams(limit: 201), as: CheckoutListResult.self)
            }
            var bad = order
            bad.orderID = "o bad"
            let invalid = try await expectCheckoutError(.badRequest) {
                _ = try await client.call("checkout.start", params: bad, as: SagaView.self)
            }
            #expect(invalid.details?["field"] == "order_id")

            for i in 0..<4 {
                _ = try await client.call("checkout.start", params: CheckoutStack.order("o-list-\(i)", quantity: 9), as: SagaView.self)
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.call("checkout.list", params: CheckoutListParams(state: .compensated, limit: 2, cursor: cursor), as: CheckoutListResult.self)
                seen += page.sagas.map(\.orderID)
                cursor = page.cursor
            } while cursor != nil
            #expect(Set(seen) == ["o-idem", "o-list-0", "o-list-1", "o-list-2", "o-list-3"])
            #expect(seen.count == 5)
        }
    }

    @Test func aVoidThatKeepsFailingEndsFailedCompensationWithTheAlert() async throws {
        let stack = try await CheckoutStack.start(
            paymentsAddress: "127.0.0.1:\(FreePort.next())",
            orchestrator: ["TILL_PAYMENT_STEP_TIMEOUT_MS": "600", "TILL_COMPENSATION_RETRIES": "2"]
        )
        defer { stack.stop() }
        let orchestrator = try await stack.startOrchestrator()
        try await stack.stock("sku-1", onHand: 3, price: 700)

        let view = try await CheckoutStack.client(orchestrator) { client in
            try await client.call("checkout.start", params: CheckoutStack.order("o-stuck"), as: SagaView.self)
        }
        // Payments never answered: the authorization may have happened, so it must be voided,
        // and that keeps failing. The stock is released all the same.
        #expect(view.state == .failedCompensation)
        #expect(view.steps.map(\.state) == [.compensated, .compensationFailed, .skipped, .skipped, .skipped])
        #expect(view.steps[1].attempts == 1 + 3)
        let levels = try await stack.stockLevels("sku-1")
        #expect(levels.available == 3 && levels.reserved == 0)

        let metrics = try await RawHTTP.send("GET", "/metrics", port: orchestrator.adminPort, timeout: .seconds(5))
        #expect(metrics.body.contains("till_saga_failed_compensation_total{saga=\"checkout\"} 1"))
        let alert = orchestrator.log().split(separator: "\n").first { $0.contains("saga failed to compensate") }
        let line = try #require(alert.map(String.init))
        #expect(line.contains("\"level\":\"error\"") || line.contains("error"))
        #expect(line.contains("void_payment") || line.contains("authorize_payment"))
    }

    @Test func anotherOrchestratorAdoptsTheSagasOfOneThatWasKilled() async throws {
        // Authorizations hang (payments does not listen) for up to 3 s; the first orchestrator is
        // killed meanwhile, and the second finishes every saga.
        let stack = try await CheckoutStack.start(
            paymentsAddress: "127.0.0.1:\(FreePort.next())",
            orchestrator: ["TILL_PAYMENT_STEP_TIMEOUT_MS": "3000", "TILL_COMPENSATION_RETRIES": "0"]
        )
        defer { stack.stop() }
        let doomed = try await stack.startOrchestrator()
        let heir = try await stack.startOrchestrator()
        try await stack.stock("sku-1", onHand: 100, price: 250)

        try await CheckoutStack.client(doomed) { client in
            for i in 0..<20 {
                let view = try await client.call(
                    "checkout.start", params: CheckoutStack.order("o-kill-\(i)", wait: false), as: SagaView.self
                )
                #expect(view.state == .running)
            }
        }
        try await Task.sleep(for: .milliseconds(500))
        doomed.kill()
        _ = try await doomed.waitForExit()

        try await CheckoutStack.client(heir) { client in
            let deadline = ContinuousClock.now + .seconds(60)
            var states: [SagaState] = []
            repeat {
                try await Task.sleep(for: .milliseconds(500))
                var all: [SagaView] = []
                var cursor: String?
                repeat {
                    let page = try await client.call("checkout.list", params: CheckoutListParams(limit: 200, cursor: cursor), as: CheckoutListResult.self)
                    all += page.sagas
                    cursor = page.cursor
                } while cursor != nil
                states = all.map(\.state)
            } while states.contains(.running) && ContinuousClock.now < deadline
            #expect(states.count == 20)
            #expect(!states.contains(.running))
        }
        #expect(heir.log().contains("saga adopted"))
        let levels = try await stack.stockLevels("sku-1")
        #expect(levels.available == 100 && levels.reserved == 0)
    }
}
