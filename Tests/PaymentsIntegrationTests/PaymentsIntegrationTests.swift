import Foundation
import Testing
import TillAPI
import TillTestSupport
import TillWire

/// `till-payments` (one or two replicas) against the real `till-gateway-sim` and redis-server.
@Suite("till-payments with till-gateway-sim", .serialized, .timeLimit(.minutes(2)))
struct PaymentsIntegrationTests {
    @Test("every test card answers as API.md says")
    func testCards() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let gateway = try await GatewaySim.start(webhookPort: nil)
        let replica = try await PaymentsReplica.start(redis: redis, gateway: gateway)
        try await withPayments([replica]) { (client: RPCClient) async throws in
            #expect(try await client.authorize(params("visa"), key: "k-visa").state == "authorized")
            #expect(await code { _ = try await client.authorize(params("declined", token: "tok_declined"), key: "k-d") } == "card_declined")
            #expect(await code { _ = try await client.authorize(params("funds", token: "tok_insufficient_funds"), key: "k-f") } == "insufficient_funds")
            do throws(RPCError) {
                _ = try await client.authorize(params("3ds", token: "tok_3ds"), key: "k-3")
                Issue.record("tok_3ds authorized")
            } catch {
                #expect(error.code.rawValue == "authentication_required")
                #expect(error.details?["challenge_url"]?.stringValue?.isEmpty == false)
            }
            #expect(await code { _ = try await client.authorize(params("cvv", token: "tok_cvv_fail"), key: "k-c") } == "fraud_blocked")
            // API.md's test address is blocked by default, with nothing seeded in Redis.
            #expect(
                await code { _ = try await client.authorize(params("blocked", token: "tok_visa", email: "Blocked@Example.com"), key: "k-b") }
                    == "fraud_blocked"
            )
            #expect(try await client.payment("cvv").state == "voided")
            // tok_flaky_2: two dropped connections, then success within the retry budget.
            #expect(try await client.authorize(params("flaky", token: "tok_flaky_2"), key: "k-fl").state == "authorized")
            #expect(try await gateway.counter("dropped") == 2)
            // tok_timeout: unknown, then resolved by asking the gateway.
            #expect(await code { _ = try await client.authorize(params("timeout", token: "tok_timeout"), key: "k-t") } == "unavailable")
            #expect(try await client.payment("timeout").state == "unknown")
            #expect(try await eventually { try await client.payment("timeout").state == "authorized" })
            #expect(try await gateway.counter("authorizations_created") == 4)  // visa, cvv, flaky, timeout
        }
    }

    @Test("tok_timeout with a requested void: the resolver voids the authorization at the gateway")
    func timeoutThenVoid() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let gateway = try await GatewaySim.start(webhookPort: nil)
        let replica = try await PaymentsReplica.start(redis: redis, gateway: gateway)
        try await withPayments([replica]) { (client: RPCClient) async throws in
            #expect(await code { _ = try await client.authorize(params("t1", token: "tok_timeout"), key: "k") } == "unavailable")
            let voided: VoidResult = try await client.call("payments.void", params: PaymentIDParams(paymentID: "t1"), idempotencyKey: "v")
            #expect(voided.state == "void_requested")
            #expect(try await eventually { try await client.payment("t1").state == "voided" })
            #expect(try await gateway.counter("voids") == 1)
            #expect(try await gateway.requests("authorize") == 1)  // never authorized again
        }
    }

    @Test("50 concurrent authorizes with one key across two replicas make one authorization; another amount conflicts")
    func concurrentAcrossReplicas() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let gateway = try await GatewaySim.start(webhookPort: nil, environment: ["TILL_GATEWAY_LATENCY_MS": "50"])
        let first = try await PaymentsReplica.start(redis: redis, gateway: gateway)
        let second = try await PaymentsReplica.start(redis: redis, gateway: gateway)
        try await withPayments([first, second]) { (client: RPCClient) async throws in
            let outcomes = await withTaskGroup(of: String.self) { group in
                for _ in 0..<50 {
                    group.addTask { (await code { _ = try await client.authorize(params("same"), key: "one-key") }) ?? "ok" }
                }
                return await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.contains("ok"))
            #expect(outcomes.allSatisfy { $0 == "ok" || $0 == "idempotency_in_progress" })
            #expect(try await gateway.counter("authorizations_created") == 1)
            var changed = params("same")
            changed.amount = 1
            #expect(await code { _ = try await client.authorize(changed, key: "one-key") } == "idempotency_conflict")
        }
    }

    @Test("five failures open the shared breaker; the other replica fails fast without calling its gateway; the probe closes it")
    func breakerAcrossReplicas() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let failing = try await GatewaySim.start(webhookPort: nil, environment: ["TILL_GATEWAY_ERROR_RATE": "1"])
        let healthy = try await GatewaySim.start(webhookPort: nil)
        let first = try await PaymentsReplica.start(redis: redis, gateway: failing)
        let second = try await PaymentsReplica.start(redis: redis, gateway: healthy)
        try await withPayments([first]) { (client: RPCClient) async throws in
            for index in 0..<2 {
                #expect(await code { _ = try await client.authorize(params("fail-\(index)"), key: "k\(index)") } == "unavailable")
            }
            #expect(try await failing.requests("authorize") == 5)
        }
        try await withPayments([second]) { (client: RPCClient) async throws in
            #expect(await code { _ = try await client.authorize(params("fast"), key: "fast") } == "unavailable")
            #expect(try await healthy.requests("authorize") == 0)
            // After the recovery timeout the next call is the probe; its success closes the circuit.
            try await Task.sleep(for: .milliseconds(1_700))
            #expect(try await client.authorize(params("probe"), key: "probe").state == "authorized")
            #expect(try await client.authorize(params("after"), key: "after").state == "authorized")
            #expect(try await healthy.requests("authorize") == 2)
        }
    }

    @Test("webhooks: valid, duplicate, tampered, stale, rotated secret")
    func webhookAnswers() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let gateway = try await GatewaySim.start(webhookPort: nil)
        let replica = try await PaymentsReplica.start(redis: redis, gateway: gateway)
        try await withPayments([replica]) { (client: RPCClient) async throws in
            _ = try await client.authorize(params("wh"), key: "k")
            let body = #"{"created":1,"data":{"object":{"amount":4999,"currency":"USD","payment_id":"wh","state":"captured"}},"id":"evt_wh_1","type":"charge.captured"}"#
            let valid = try await replica.deliver(body)
            #expect(valid.status == 200 && valid.body.contains("processed"))
            #expect(try await client.payment("wh").state == "captured")
            let duplicate = try await replica.deliver(body)
            #expect(duplicate.status == 200 && duplicate.body.contains("duplicate"))
            #expect(try await replica.deliver(body, tamper: true).status == 400)
            #expect(try await replica.deliver(body, timestamp: Int64(Date().timeIntervalSince1970) - 301).status == 400)
            #expect(try await replica.deliver(body, timestamp: Int64(Date().timeIntervalSince1970) + 301).status == 400)
            let rotated = body.replacingOccurrences(of: "evt_wh_1", with: "evt_wh_2")
            #expect(try await replica.deliver(rotated, secret: GatewaySim.oldSecret).status == 200)
            #expect(try await replica.deliver(rotated.replacingOccurrences(of: "evt_wh_2", with: "evt_wh_3"), secret: "whsec_not_configured_0123").status == 400)
        }
    }

    @Test("a webhook whose processing fails is redelivered and processed; a capture racing its webhook leaves one capture")
    func webhookRedeliveryAndRace() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let webhookPort = FreePort.next()
        let gateway = try await GatewaySim.start(webhookPort: webhookPort)
        let replica = try await PaymentsReplica.start(redis: redis, gateway: gateway, webhookPort: webhookPort)
        let cli = try Executables.locateSystem("redis-cli")
        try await withPayments([replica]) { (client: RPCClient) async throws in
            // Race: the capture call and the simulator's webhook for it.
            _ = try await client.authorize(params("race"), key: "k1")
            let captured: CaptureResult = try await client.call("payments.capture", params: CaptureParams(paymentID: "race"), idempotencyKey: "c1")
            #expect(captured.capturedAmount == 4_999)
            #expect(try await eventually { try await gateway.counter("webhooks_delivered") >= 1 })
            let race = try await client.payment("race")
            #expect(race.state == "captured" && race.history.filter { $0.state == "captured" }.count == 1)
            #expect(try await gateway.counter("captures") == 1)

            // Redelivery: the ledger record is unreadable while the webhook arrives, then repaired.
            let authorized = try await client.authorize(params("redo"), key: "k2")
            let key = "till:{pay_redo}:payment"
            _ = try await run(cli, ["-p", "\(redis.port)", "RENAME", key, key + ":saved"])
            _ = try await run(cli, ["-p", "\(redis.port)", "SET", key, "not-a-hash"])
            #expect(try await gateway.capture(paymentID: "redo", authorizationID: authorized.authorizationID, key: "direct") == 200)
            #expect(try await eventually { try await gateway.counter("webhook_failed_attempts") >= 1 })
            _ = try await run(cli, ["-p", "\(redis.port)", "RENAME", key + ":saved", key])
            #expect(try await eventually { try await client.payment("redo").state == "captured" })
            #expect(try await client.payment("redo").history.last?.source == "webhook")
        }
    }

    @Test("reconciliation with drift finds exactly the drifted rows")
    func reconciliationWithDrift() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let gateway = try await GatewaySim.start(webhookPort: nil, environment: ["TILL_GATEWAY_DRIFT": "omit=0.15,amount=0.15,status=0.15,seed=3"])
        let replica = try await PaymentsReplica.start(redis: redis, gateway: gateway)
        try await withPayments([replica]) { (client: RPCClient) async throws in
            let since = Int64(Date().timeIntervalSince1970) - 2
            for index in 0..<30 {
                _ = try await client.authorize(params("rec-\(index)"), key: "k\(index)")
                if index % 3 == 0 {
                    let _: CaptureResult = try await client.call("payments.capture", params: CaptureParams(paymentID: "rec-\(index)"), idempotencyKey: "c\(index)")
                }
            }
            let until = Int64(Date().timeIntervalSince1970) + 2
            let expected = try await gateway.drift(since: since, until: until)
            #expect(!expected.isEmpty)
            var found: [String: String] = [:]
            var cursor: String?
            repeat {
                let page: ReconcileResult = try await client.call(
                    "payments.reconcile", params: ReconcileParams(since: since, until: until, limit: 4, cursor: cursor)
                )
                for discrepancy in page.discrepancies { found[discrepancy.paymentID] = discrepancy.type }
                cursor = page.cursor
                #expect(page.total == 30)
            } while cursor != nil
            let types = ["omit": "missing_gateway", "amount": "amount_mismatch", "status": "status_mismatch"]
            #expect(found == expected.mapValues { types[$0] ?? $0 })
        }
    }

    @Test("no Luhn-valid card number or full e-mail address reaches the logs")
    func redactedLogs() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let gateway = try await GatewaySim.start(webhookPort: nil)
        let replica = try await PaymentsReplica.start(redis: redis, gateway: gateway)
        let email = "jane.doe.secret@example.com"
        let pan = "4111111111111111"
        try await withPayments([replica]) { (client: RPCClient) async throws in
            _ = try await client.authorize(params("pii", email: email), key: "k")
            _ = await code { _ = try await client.authorize(params("pii-2", token: pan, email: email), key: "k2") }
            _ = await code { _ = try await client.authorize(params("pii-3", token: "tok_declined", email: "\(email) \(pan)"), key: "k3") }
            let _: CaptureResult = try await client.call("payments.capture", params: CaptureParams(paymentID: "pii"), idempotencyKey: "c")
            _ = await code {
                let _: RefundResult = try await client.call(
                    "payments.refund", params: RefundParams(paymentID: "pii", amount: 1, reason: "card \(pan) of \(email)"), idempotencyKey: "r"
                )
            }
        }
        replica.process.signal(SIGTERM)
        _ = try await replica.process.waitForExit()
        let log = replica.process.log()
        #expect(!log.isEmpty)
        #expect(!log.contains(pan))
        #expect(!log.contains("4111 1111 1111 1111"))
        #expect(!log.contains(email))
    }
}

/// Runs `redis-cli` (or another tool) to completion.
private func run(_ executable: URL, _ arguments: [String]) async throws -> Int32 {
    let process = LockedProcess()
    try process.start(executable: executable, arguments: arguments)
    return try await process.waitForExit(timeout: .seconds(10))
}
