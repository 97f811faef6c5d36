import Foundation
import Synchronization
import Testing
import TillAPI
import TillRedis
import TillTestSupport
import TillWire

/// Scenario 6 of issue 6 through every real executable: completed checkouts, a settlement report
/// falsified for exactly three of them, and `payments.reconcile` over the window.
@Suite(.serialized, .timeLimit(.minutes(4)))
struct CheckoutReconciliationTests {
    @Test func threeInjectedDiscrepanciesAreReportedAndTheMissingOneAlerts() async throws {
        let (stack, sim, payments) = try await CheckoutStack.startWithPayments()
        defer { stack.stop(); payments.kill() }
        let orchestrator = try await stack.startOrchestrator()
        try await stack.stock("sku-1", onHand: 10, price: 2_500)
        let events = try await EventRecorder.start(redisURL: stack.redis.url)
        defer { events.stop() }

        let since = Int64(Date().timeIntervalSince1970)
        let orders = ["o-rec-1", "o-rec-2", "o-rec-3", "o-rec-4"]
        for order in orders {
            let view = try await CheckoutStack.client(orchestrator) { client in
                try await client.call("checkout.start", params: CheckoutStack.order(order), as: SagaView.self)
            }
            try #require(view.state == .completed, "\(view)")
        }
        // The capture webhooks move the payments' last change; let them land before the window closes.
        let deadline = ContinuousClock.now + .seconds(20)
        while try await sim.counter("webhooks_delivered") < 4, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        let drift = #"{"pay_o-rec-1":"omit","pay_o-rec-2":"amount","pay_o-rec-3":"status"}"#
        let pinned = try await RawHTTP.send("POST", "/_sim/drift", port: sim.port, headers: [("Content-Type", "application/json")], body: drift)
        try #require(pinned.status == 200, "\(pinned.body)")
        let until = Int64(Date().timeIntervalSince1970) + 1

        // startWithPayments moves payments to the address the orchestrator was given.
        let paymentsPort = try #require(stack.orchestratorEnvironment["TILL_PAYMENTS_ADDR"]?.split(separator: ":").last.flatMap { Int($0) })
        var configuration = RPCClientConfiguration(
            addresses: [PeerAddress(host: "127.0.0.1", port: paymentsPort)], clientName: "checkout-e2e", key: SecretKey(ServiceProcess.testClusterKey)
        )
        configuration.defaultDeadline = .seconds(30)
        let client = RPCClient(configuration: configuration, logger: CheckoutStack.logger)
        let result: ReconcileResult
        do {
            result = try await client.call("payments.reconcile", params: ReconcileParams(since: since, until: until, limit: 1000), as: ReconcileResult.self)
            await client.shutdown()
        } catch {
            await client.shutdown()
            throw error
        }
        let found = Dictionary(uniqueKeysWithValues: result.discrepancies.map { ($0.paymentID, $0.type) })
        #expect(found == ["pay_o-rec-1": "missing_gateway", "pay_o-rec-2": "amount_mismatch", "pay_o-rec-3": "status_mismatch"], "\(result)")
        #expect(result.total == 4 && result.matched == 1, "\(result.summary)")
        #expect(result.byType == ["missing_gateway": 1, "amount_mismatch": 1, "status_mismatch": 1])
        let amount = result.discrepancies.first { $0.type == "amount_mismatch" }
        #expect(amount?.internal?.amount == 2_500 && amount?.gateway?.amount == 2_600)
        let status = result.discrepancies.first { $0.type == "status_mismatch" }
        #expect(status?.internal?.state == "captured" && status?.gateway?.state == "refunded")

        // Only the missing_gateway one pages: one event and one error-level log line.
        let alerts = await events.waitFor(count: 1, timeout: .seconds(10)) { $0["type"]?.stringValue == "payment.reconcile_alert" }
        #expect(alerts.map { $0["payment_id"]?.stringValue } == ["pay_o-rec-1"])
        #expect(alerts.first?["detail"]?.stringValue == "missing_gateway")
        let errorLines = payments.log().split(separator: "\n").filter { $0.contains("Payment missing at the gateway") }
        #expect(errorLines.count == 1 && errorLines.allSatisfy { $0.contains("pay_o-rec-1") && $0.contains(#""level":"error""#) }, "\(errorLines)")
        try await Task.sleep(for: .milliseconds(300))
        #expect(events.matching { $0["type"]?.stringValue == "payment.reconcile_alert" }.count == 1)
    }
}

/// The messages of `till.events`, collected by a real subscription on the stack's Redis.
final class EventRecorder: Sendable {
    private let client: RedisClient
    private let subscription: RedisSubscription
    private let messages = Mutex<[JSONValue]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    private init(client: RedisClient, subscription: RedisSubscription) {
        self.client = client
        self.subscription = subscription
    }

    static func start(redisURL: String) async throws -> EventRecorder {
        let client = RedisClient(configuration: try RedisConfiguration(url: redisURL), logger: CheckoutStack.logger)
        let recorder = EventRecorder(client: client, subscription: try await client.subscribe(["till.events"]))
        let task = Task { [recorder] in
            for await message in recorder.subscription {
                if let event = try? JSONDecoder().decode(JSONValue.self, from: Data(message.string.utf8)) {
                    recorder.messages.withLock { $0.append(event) }
                }
            }
        }
        recorder.task.withLock { $0 = task }
        return recorder
    }

    func matching(_ predicate: (JSONValue) -> Bool) -> [JSONValue] {
        messages.withLock { $0.filter(predicate) }
    }

    /// The matching events once there are `count` of them, or what there is after `timeout`.
    func waitFor(count: Int, timeout: Duration, _ predicate: @escaping @Sendable (JSONValue) -> Bool) async -> [JSONValue] {
        let deadline = ContinuousClock.now + timeout
        while matching(predicate).count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
        return matching(predicate)
    }

    func stop() {
        subscription.unsubscribe()
        task.withLock { $0?.cancel() }
        let client = self.client
        Task { await client.shutdown() }
    }
}
