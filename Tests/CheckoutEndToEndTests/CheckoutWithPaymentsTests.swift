import Foundation
import Testing
import TillAPI
import TillTestSupport
import TillWire

/// The checkout scenarios of issue 6 through every real executable: inventory, shipping,
/// payments, the gateway simulator and the orchestrator(s).
@Suite(.serialized, .timeLimit(.minutes(4)))
struct CheckoutWithPaymentsTests {
    @Test func aFlakyCardIsRetriedAndTheCheckoutCompletes() async throws {
        let (stack, sim, payments) = try await CheckoutStack.startWithPayments()
        defer { stack.stop(); payments.kill() }
        let orchestrator = try await stack.startOrchestrator()
        try await stack.stock("sku-1", onHand: 10, price: 1_250)

        let view = try await CheckoutStack.client(orchestrator) { client in
            try await client.call("checkout.start", params: CheckoutStack.order("o-flaky", quantity: 2, unitPrice: 1_250, cardToken: "tok_flaky_2"), as: SagaView.self)
        }
        #expect(view.state == .completed, "\(view)")
        #expect(view.steps.allSatisfy { $0.state == .succeeded })
        #expect(view.total == Price(amount: 2_500, currency: "USD"))
        #expect(view.paymentID == "pay_o-flaky" && view.shipmentID == "shp_o-flaky" && view.reservationID == "res_o-flaky")
        #expect(try await sim.counter("captures") == 1)
        #expect(try await sim.payment("pay_o-flaky")["captured_amount"] == 2_500)
        let levels = try await stack.stockLevels("sku-1")
        #expect(levels.onHand == 8 && levels.reserved == 0 && levels.available == 8)
    }

    @Test func theCaptureWebhookIsAcceptedAndACardNumberTypedIntoAnAddressIsLoggedNowhere() async throws {
        let (stack, sim, payments) = try await CheckoutStack.startWithPayments(orchestrator: ["TILL_LOG_LEVEL": "debug"])
        defer { stack.stop(); payments.kill() }
        let orchestrator = try await stack.startOrchestrator(["TILL_LOG_LEVEL": "debug"])
        try await stack.stock("sku-1", onHand: 5, price: 700)

        var pan = CheckoutStack.order("o-pan")
        pan.shippingAddress.line1 = "4111 1111 1111 1111"
        let order = pan
        let view = try await CheckoutStack.client(orchestrator) { client in
            try await client.call("checkout.start", params: order, as: SagaView.self)
        }
        #expect(view.state == .completed, "\(view)")
        // The simulator's signed charge.captured webhook reaches payments and is accepted.
        let deadline = ContinuousClock.now + .seconds(20)
        while try await sim.counter("webhooks_delivered") < 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await sim.counter("webhooks_delivered") == 1)
        #expect(try await sim.counter("webhook_failed_attempts") == 0)

        let logs = [orchestrator.log(), payments.log(), stack.inventory.log(), stack.shipping.log(), sim.log()]
        #expect(!logs.joined().isEmpty)
        for log in logs {
            #expect(!log.contains("4111 1111 1111 1111") && !log.contains("4111111111111111"))
        }
    }

    @Test func aReplayedCheckoutAuthorizesOnce() async throws {
        let (stack, sim, payments) = try await CheckoutStack.startWithPayments()
        defer { stack.stop(); payments.kill() }
        let orchestrator = try await stack.startOrchestrator()
        try await stack.stock("sku-1", onHand: 10, price: 900)

        try await CheckoutStack.client(orchestrator) { client in
            let order = CheckoutStack.order("o-replay")
            let views = await LiveRedis.concurrently(20) {
                try? await client.call("checkout.start", params: order, as: SagaView.self)
            }
            #expect(views.allSatisfy { $0?.state == .completed })
            let again = try await client.call("checkout.start", params: order, as: SagaView.self)
            #expect(again.state == .completed && again.createdAt == views.first??.createdAt)
        }
        #expect(try await sim.counter("authorizations_created") == 1)
        #expect(try await sim.counter("captures") == 1)
        #expect(try await stack.stockLevels("sku-1").onHand == 9)
    }

    @Test func aRejectedShipmentVoidsTheAuthorizationAndReleasesTheStock() async throws {
        let (stack, sim, payments) = try await CheckoutStack.startWithPayments()
        defer { stack.stop(); payments.kill() }
        let orchestrator = try await stack.startOrchestrator()
        try await stack.stock("sku-1", onHand: 5, price: 400)

        let view = try await CheckoutStack.client(orchestrator) { client in
            try await client.call("checkout.start", params: CheckoutStack.order("o-ship", postalCode: "00000"), as: SagaView.self)
        }
        #expect(view.state == .compensated, "\(view)")
        #expect(view.steps.map(\.state) == [.compensated, .compensated, .failed, .skipped, .skipped])
        #expect(view.steps[2].error?.code == WireErrorCode("address_rejected"))
        #expect(try await sim.counter("voids") == 1)
        #expect(try await sim.counter("captures") == 0)
        #expect(try await sim.payment("pay_o-ship")["state"] == "voided")
        let levels = try await stack.stockLevels("sku-1")
        #expect(levels.onHand == 5 && levels.available == 5)
    }

    @Test func aFraudBlockNeverReachesTheGateway() async throws {
        let (stack, sim, payments) = try await CheckoutStack.startWithPayments()
        defer { stack.stop(); payments.kill() }
        let orchestrator = try await stack.startOrchestrator()
        try await stack.stock("sku-1", onHand: 5, price: 400)
        try await stack.redisCommand("SADD", "till:fraud:blocklist", "blocked@example.com")

        let view = try await CheckoutStack.client(orchestrator) { client in
            try await client.call("checkout.start", params: CheckoutStack.order("o-fraud", email: "blocked@example.com"), as: SagaView.self)
        }
        #expect(view.state == .compensated, "\(view)")
        #expect(view.steps[1].state == .failed && view.steps[1].error?.code == WireErrorCode("fraud_blocked"))
        #expect(try await sim.requests("authorize") == 0)
        #expect(try await stack.stockLevels("sku-1").available == 5)
    }

    @Test func aTimedOutAuthorizationIsFoundAndVoided() async throws {
        let (stack, sim, payments) = try await CheckoutStack.startWithPayments(orchestrator: ["TILL_PAYMENT_STEP_TIMEOUT_MS": "3000"])
        defer { stack.stop(); payments.kill() }
        let orchestrator = try await stack.startOrchestrator()
        try await stack.stock("sku-1", onHand: 5, price: 400)

        let view = try await CheckoutStack.client(orchestrator) { client in
            try await client.call("checkout.start", params: CheckoutStack.order("o-timeout", cardToken: "tok_timeout"), as: SagaView.self)
        }
        #expect(view.state == .compensated, "\(view)")
        #expect(view.steps[1].state == .compensated && view.steps[1].error?.code == .unavailable)
        #expect(try await stack.stockLevels("sku-1").available == 5)
        // Payments resolves the unknown authorization by asking the gateway, then voids it.
        let deadline = ContinuousClock.now + .seconds(30)
        while try await sim.payment("pay_o-timeout")["state"] != "voided", ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(try await sim.payment("pay_o-timeout")["state"] == "voided")
        #expect(try await sim.counter("captures") == 0)
    }

    @Test func killingAnOrchestratorMidwayLosesNothing() async throws {
        let (stack, sim, payments) = try await CheckoutStack.startWithPayments(gateway: ["TILL_GATEWAY_LATENCY_MS": "200"])
        defer { stack.stop(); payments.kill() }
        let doomed = try await stack.startOrchestrator()
        let heir = try await stack.startOrchestrator()
        let count = 200
        try await stack.stock("sku-1", onHand: 1_000, price: 300)

        try await CheckoutStack.client(doomed) { client in
            await withTaskGroup(of: Void.self) { group in
                for i in 0..<count {
                    // Every tenth order is shipped nowhere, so rollbacks are adopted too.
                    let order = CheckoutStack.order("o-k\(i)", postalCode: i % 10 == 0 ? "00000" : "10115", wait: false)
                    group.addTask { _ = try? await client.call("checkout.start", params: order, as: SagaView.self) }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        doomed.kill()
        _ = try await doomed.waitForExit()

        let views = try await CheckoutStack.client(heir) { client in
            let deadline = ContinuousClock.now + .seconds(90)
            var views: [SagaView] = []
            repeat {
                try await Task.sleep(for: .milliseconds(500))
                views = []
                var cursor: String?
                repeat {
                    let page = try await client.call("checkout.list", params: CheckoutListParams(limit: 200, cursor: cursor), as: CheckoutListResult.self)
                    views += page.sagas
                    cursor = page.cursor
                } while cursor != nil
            } while views.contains(where: { $0.state == .running }) && ContinuousClock.now < deadline
            return views
        }
        #expect(views.count == count)
        #expect(views.allSatisfy { $0.state == .completed || $0.state == .compensated }, "\(views.filter { $0.state != .completed && $0.state != .compensated }.map(\.orderID))")
        let completed = views.filter { $0.state == .completed }.count
        #expect(views.filter { $0.orderID.hasSuffix("0") && $0.state == .completed }.isEmpty)
        // No payment captured twice; stock conserved: what was sold left, the rest is available.
        #expect(try await sim.counter("captures") == Int64(completed))
        let levels = try await stack.stockLevels("sku-1")
        #expect(levels.reserved == 0)
        #expect(levels.onHand == 1_000 - Int64(completed) && levels.available == levels.onHand)
        #expect(heir.log().contains("saga adopted"))
    }
}
