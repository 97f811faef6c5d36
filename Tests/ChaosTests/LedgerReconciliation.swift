import Foundation
import TillAPI
import TillTestSupport
import TillWire

/// Till's payment ledger compared with the gateway simulator's own books, through
/// `payments.reconcile` (which reads the simulator's settlement report): the check that no
/// authorization was lost (a gateway payment the ledger does not know, `missing_internal`), none
/// invented (`missing_gateway`) and none left in another state or amount than the gateway's.
///
/// Payment ids are derived from the order id (`pay_<order>`) and the simulator refuses a second
/// authorization of an id, so a duplicated authorization would show as a second gateway request
/// with the same idempotency key and another body (`conflicts`), or as a mismatch here.
struct LedgerReconciliation: Sendable, CustomStringConvertible {
    var total: Int
    var matched: Int
    var byType: [String: Int]
    var examples: [String]
    /// The payment ids of the discrepancies.
    var paymentIDs: [String]
    /// `authorizations_created` at the simulator.
    var gatewayAuthorizations: Int
    /// Idempotency keys reused with another request at the simulator.
    var gatewayConflicts: Int

    /// Whether both sides agree on every payment and the simulator saw no conflicting retry.
    var agrees: Bool { total == matched && byType.values.allSatisfy { $0 == 0 } && gatewayConflicts == 0 && total >= gatewayAuthorizations }

    /// What the ledger (`payments.get`), the simulator (`GET /v1/payments/{id}`), the saga
    /// (`checkout.get`) and the services' logs say about the first few discrepancies, to tell a
    /// reader what happened.
    func evidence(_ stack: ChaosStack) async -> String {
        var parts: [String] = []
        for id in paymentIDs.prefix(3) {
            let orderID = String(id.dropFirst("pay_".count))
            let ledger = await Self.describe { try await ChaosStack.client(stack.payments[0]) { try await $0.call("payments.get", params: ["payment_id": .string(id)]) } }
            let saga = await Self.describe { try await ChaosStack.client(stack.orchestrators[0]) { try await $0.call("checkout.get", params: ["order_id": .string(orderID)]) } }
            let gateway = (try? await RawHTTP.send("GET", "/v1/payments/\(id)", port: stack.simulator.port).body) ?? "?"
            let lines = stack.services.flatMap { service in
                service.log().split(separator: "\n").filter { $0.contains(id) || $0.contains("\"\(orderID)\"") }
                    .map { "\(service.environment["TILL_INSTANCE"] ?? ""): \($0.prefix(400))" }
            }
            parts.append("\(id):\n  ledger \(ledger.prefix(600))\n  gateway \(gateway.prefix(400))\n  saga \(saga.prefix(800))\n" + lines.suffix(25).joined(separator: "\n"))
        }
        return parts.joined(separator: "\n")
    }

    private static func describe(_ body: () async throws -> JSONValue) async -> String {
        do {
            return String(decoding: try JSONEncoder().encode(try await body()), as: UTF8.self)
        } catch {
            return "\(error)"
        }
    }

    /// Reconciles until both sides agree or `timeout` passes: payments left `unknown` or
    /// `void_requested` by a fault are resolved by the payments resolver in the background.
    static func settled(_ stack: ChaosStack, timeout: Duration) async throws -> (LedgerReconciliation, Duration) {
        let start = ContinuousClock.now
        while true {
            let reconciliation = try await run(stack)
            if reconciliation.agrees || ContinuousClock.now - start > timeout { return (reconciliation, ContinuousClock.now - start) }
            try await Task.sleep(for: .seconds(1))
        }
    }

    var description: String {
        "ledger vs gateway: \(matched)/\(total) matched, discrepancies \(byType), gateway authorizations \(gatewayAuthorizations), "
            + "conflicting retries \(gatewayConflicts); e.g. \(examples.prefix(5))"
    }

    /// Reconciles every payment of the last hour, page by page, against `stack`'s first payments
    /// replica. Retried for up to 30 s on a retriable error: reconciling reads the gateway through
    /// the breaker, which a faulty gateway may have left open.
    static func run(_ stack: ChaosStack) async throws -> LedgerReconciliation {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            do {
                return try await once(stack)
            } catch let error as RPCError where error.retriable && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
            }
        }
    }

    private static func once(_ stack: ChaosStack) async throws -> LedgerReconciliation {
        let now = Int64(Date().timeIntervalSince1970)
        let pages = try await ChaosStack.client(stack.payments[0]) { client in
            var pages: [ReconcileResult] = []
            var cursor: String?
            repeat {
                let page: ReconcileResult = try await client.call(
                    "payments.reconcile", params: ReconcileParams(since: now - 3_600, until: now + 60, limit: 1_000, cursor: cursor)
                )
                pages.append(page)
                cursor = page.cursor
            } while cursor != nil && pages.count < 100
            return pages
        }
        guard let first = pages.first else { throw TestSupportError("payments.reconcile returned no page") }
        let stats = try await stack.simulator.stats()
        return LedgerReconciliation(
            total: first.total, matched: first.matched, byType: first.byType,
            examples: pages.flatMap(\.discrepancies).map { "\($0.type) \($0.paymentID)" },
            paymentIDs: pages.flatMap(\.discrepancies).map(\.paymentID),
            gatewayAuthorizations: stats["authorizations_created"] ?? 0,
            gatewayConflicts: stats["conflicts"] ?? 0
        )
    }
}
