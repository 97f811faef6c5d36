import Foundation
import Logging
import Testing
import TillAPI
import TillPayments
import TillRedis
import TillResilience
import TillTestSupport

@testable import TillPaymentsService

@Suite("payments capture, void, refund, unknown outcomes and reconciliation on Redis", .redisServer(), .timeLimit(.minutes(1)))
struct SettleLiveTests {
    @Test("capture, partial refunds with their own keys up to the captured amount, then invalid_state")
    func captureAndRefunds() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let id = harness.id("pay")
            _ = try await harness.authorize(harness.params(id, amount: 5_000))
            #expect(await errorCode { _ = try await harness.refund(id, amount: 1, key: "r0") } == "invalid_state")
            #expect(try await harness.capture(id, amount: 4_000).capturedAmount == 4_000)
            let first = try await harness.refund(id, amount: 1_500, key: "r1")
            #expect(first.state == "partially_refunded" && first.refundedAmount == 1_500)
            #expect(try await harness.refund(id, amount: 1_500, key: "r1") == first)  // replay
            let rest = try await harness.refund(id, amount: nil, key: "r2")
            #expect(rest.state == "refunded" && rest.refundedAmount == 4_000)
            #expect(await errorCode { _ = try await harness.refund(id, amount: 1, key: "r3") } == "invalid_state")
            #expect(await errorCode { _ = try await harness.void(id) } == "invalid_state")
            let view = try await harness.service.get(paymentID: id)
            #expect(view.history.map(\.state) == ["pending", "authorized", "captured", "partially_refunded", "refunded"])
            #expect(await harness.gateway.count("refund") == 2)
        }
    }

    @Test("a capture webhook before or after the capture call leaves one capture")
    func captureWebhookRace() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let processor = WebhookProcessor(ledger: harness.service.ledger, redis: redis, logger: LiveRedis.logger)
            let early = harness.id("early")
            _ = try await harness.authorize(harness.params(early))
            try await processor.process(Self.event("charge.captured", early, amount: 4_999))
            #expect(try await harness.capture(early).capturedAmount == 4_999)
            #expect(await harness.gateway.count("capture") == 0)

            let late = harness.id("late")
            _ = try await harness.authorize(harness.params(late))
            async let call = harness.capture(late)
            async let hook: Void = processor.process(Self.event("charge.captured", late, amount: 4_999))
            _ = try await (call, hook)
            let view = try await harness.service.get(paymentID: late)
            #expect(view.state == "captured" && view.capturedAmount == 4_999)
            #expect(view.history.filter { $0.state == "captured" }.count == 1)
            #expect(await errorCode { _ = try await harness.capture(late, amount: 10, key: "other") } == "invalid_state")
        }
    }

    @Test("a webhook for a payment whose authorization is still at the gateway fails (redelivered) and applies afterwards")
    func webhookWhileAuthorizing() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let ledger = harness.service.ledger
            let processor = WebhookProcessor(ledger: ledger, redis: redis, logger: LiveRedis.logger)
            let id = harness.id("inflight")
            #expect(
                try await ledger.begin(
                    paymentID: id, orderID: "o", amount: 500, currency: "USD", paramsHash: "h", owner: "me", leaseMilliseconds: 30_000, source: .api
                ) == .proceed
            )
            let event = Self.event("charge.captured", id, amount: 500)
            #expect(await errorCode { try await processor.process(event) } == "unavailable")
            #expect(
                try await ledger.settle(paymentID: id, owner: "me", outcome: "authorized", authorizationID: "auth_1", reachedGateway: true, source: .api, event: nil)
                    == .ok
            )
            try await processor.process(event)
            let view = try await harness.service.get(paymentID: id)
            #expect(view.history.map(\.state) == ["pending", "authorized", "captured"])
        }
    }

    @Test("a void before the authorization leaves a tombstone that refuses it without a gateway call")
    func voidFirst() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let id = harness.id("pay")
            #expect(try await harness.void(id).state == "voided")
            #expect(try await harness.void(id, key: "again").state == "voided")
            #expect(await errorCode { _ = try await harness.authorize(harness.params(id)) } == "invalid_state")
            #expect(await harness.gateway.count("authorize") == 0)
        }
    }

    @Test("tok_timeout leaves the payment unknown; the resolver settles it authorized, or voided when a void was requested")
    func unknownResolved() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            var configuration = UnknownPaymentResolver.Configuration()
            configuration.minimumBackoffMilliseconds = 1
            let resolver = UnknownPaymentResolver(service: harness.service, configuration: configuration, logger: LiveRedis.logger)

            let plain = harness.id("plain")
            #expect(await errorCode { _ = try await harness.authorize(harness.params(plain, token: "tok_timeout")) } == "unavailable")
            #expect(try await harness.service.get(paymentID: plain).state == "unknown")
            #expect(await harness.gateway.count("authorize") == 1)  // a timed-out authorization is not repeated

            let voided = harness.id("voided")
            #expect(await errorCode { _ = try await harness.authorize(harness.params(voided, token: "tok_timeout")) } == "unavailable")
            #expect(try await harness.void(voided).state == "void_requested")

            await resolver.resolveDue()
            let authorized = try await harness.service.get(paymentID: plain)
            #expect(authorized.state == "authorized")
            #expect(authorized.history.last?.source == "resolver")
            #expect(try await harness.service.get(paymentID: voided).state == "voided")
            #expect(await harness.gateway.payments[voided]?.state == .voided)
            #expect(await harness.gateway.count("authorize") == 2)  // never re-authorized
            // Resolved payments leave the list.
            #expect(try await harness.service.ledger.dueUnresolved(limit: 10).filter { $0.hasPrefix(harness.prefix) }.isEmpty)
            // The resolved authorization answers a retry of the authorize call.
            #expect(try await harness.authorize(harness.params(plain, token: "tok_timeout"), key: "retry").authorizationID == "auth_\(plain)")
        }
    }

    @Test("reconciliation finds exactly the drifted rows, paged")
    func reconciliation() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let since = Int64(Date().timeIntervalSince1970) - 5
            var ids: [String] = []
            for index in 0..<6 {
                let id = harness.id("rec-\(index)")
                ids.append(id)
                _ = try await harness.authorize(harness.params(id))
            }
            _ = try await harness.capture(ids[0])
            await harness.gateway.drift(ids[1])
            await harness.gateway.insert(harness.id("rec-gateway-only"), amount: Money(amount: 100, currency: .usd))
            let until = Int64(Date().timeIntervalSince1970) + 5
            // Other tests share this Redis: judge only this test's rows.
            let first = try await harness.service.reconcile(ReconcileParams(since: since, until: until, limit: 1))
            var discrepancies = first.discrepancies
            var cursor = first.cursor
            while let next = cursor {
                let page = try await harness.service.reconcile(ReconcileParams(since: since, until: until, limit: 1, cursor: next))
                discrepancies += page.discrepancies
                cursor = page.cursor
            }
            let mine = discrepancies.filter { $0.paymentID.hasPrefix(harness.prefix) }
            #expect(mine.map(\.paymentID).sorted() == [ids[1], harness.id("rec-gateway-only")].sorted())
            #expect(mine.first { $0.paymentID == ids[1] }?.type == "status_mismatch")
            #expect(mine.first { $0.paymentID == harness.id("rec-gateway-only") }?.type == "missing_internal")
            #expect(first.summary.contains("matched"))
        }
    }

    static func event(_ type: String, _ paymentID: String, amount: Int64, refundID: String? = nil) -> GatewayWebhookEvent {
        var object = #"{"payment_id":"\#(paymentID)","amount":\#(amount),"currency":"USD""#
        if let refundID { object += #","refund_id":"\#(refundID)""# }
        object += "}"
        let json = #"{"id":"evt_\#(UUID().uuidString)","type":"\#(type)","created":1,"data":{"object":\#(object)}}"#
        // The fixtures are written here; a decoding failure is a test bug.
        return try! JSONDecoder().decode(GatewayWebhookEvent.self, from: Data(json.utf8))
    }
}
