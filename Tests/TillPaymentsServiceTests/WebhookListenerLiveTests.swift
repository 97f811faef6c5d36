import Foundation
import NIOCore
import Testing
import TillAPI
import TillPayments
import TillRedis
import TillResilience
import TillTestSupport

@testable import TillPaymentsService

@Suite("Webhook deliveries on Redis", .redisServer(), .timeLimit(.minutes(1)))
struct WebhookListenerLiveTests {
    static let oldSecret = "whsec_old_0123456789abcdef"
    static let newSecret = "whsec_new_0123456789abcdef"

    func listener(_ harness: PaymentsHarness, events: any WebhookEventStore) -> WebhookListener {
        WebhookListener(
            host: "127.0.0.1", port: 0, verifier: WebhookVerifier(secrets: [Self.newSecret, Self.oldSecret]), events: events,
            processor: WebhookProcessor(ledger: harness.service.ledger, redis: harness.redis, logger: LiveRedis.logger),
            logger: LiveRedis.logger
        )
    }

    static func body(_ type: String, paymentID: String, eventID: String, amount: Int64) -> String {
        #"{"id":"\#(eventID)","type":"\#(type)","created":1,"data":{"object":{"payment_id":"\#(paymentID)","amount":\#(amount),"currency":"USD"}}}"#
    }

    static func header(_ body: String, secret: String, at timestamp: Int64 = Int64(Date().timeIntervalSince1970)) -> String {
        "t=\(timestamp),v1=\(WebhookVerifier.signature(body: Array(body.utf8), timestamp: timestamp, secret: secret))"
    }

    @Test("valid, duplicate, tampered, stale and rotated-secret deliveries are answered as API.md says")
    func answers() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let listener = listener(harness, events: RedisWebhookEventStore(redis: redis))
            let id = harness.id("pay")
            _ = try await harness.authorize(harness.params(id))
            let body = Self.body("charge.captured", paymentID: id, eventID: harness.id("evt1"), amount: 4_999)

            let valid = await listener.deliver(body: ByteBuffer(string: body), signature: Self.header(body, secret: Self.newSecret))
            #expect(valid == .processed && valid.statusCode == 200)
            #expect(try await harness.service.get(paymentID: id).state == "captured")
            #expect(try await harness.service.get(paymentID: id).history.last?.source == "webhook")
            let duplicate = await listener.deliver(body: ByteBuffer(string: body), signature: Self.header(body, secret: Self.newSecret))
            #expect(duplicate == .duplicate && duplicate.status == "duplicate")

            let tampered = body.replacingOccurrences(of: "4999", with: "1")
            #expect(await listener.deliver(body: ByteBuffer(string: tampered), signature: Self.header(body, secret: Self.newSecret)).statusCode == 400)
            let stale = await listener.deliver(
                body: ByteBuffer(string: body), signature: Self.header(body, secret: Self.newSecret, at: Int64(Date().timeIntervalSince1970) - 301)
            )
            #expect(stale.statusCode == 400)
            #expect(await listener.deliver(body: ByteBuffer(string: body), signature: nil).statusCode == 400)
            #expect(await listener.deliver(body: ByteBuffer(string: body), signature: Self.header(body, secret: "whsec_unknown_0123456789")).statusCode == 400)

            let rotated = Self.body("charge.dispute.created", paymentID: id, eventID: harness.id("evt2"), amount: 4_999)
            #expect(await listener.deliver(body: ByteBuffer(string: rotated), signature: Self.header(rotated, secret: Self.oldSecret)) == .processed)
        }
    }

    @Test("an event being processed answers 409")
    func inProgress() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let events = RedisWebhookEventStore(redis: redis)
            let eventID = harness.id("evt")
            #expect(try await events.claim(eventID: eventID) == .claimed)
            let body = Self.body("charge.captured", paymentID: harness.id("pay"), eventID: eventID, amount: 1)
            let answer = await listener(harness, events: events).deliver(body: ByteBuffer(string: body), signature: Self.header(body, secret: Self.newSecret))
            #expect(answer == .inProgress && answer.statusCode == 409)
        }
    }

    @Test("processing that fails answers 500 and records nothing; the redelivery is processed")
    func failureThenRedelivery() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let harness = PaymentsHarness(redis: redis)
            let id = harness.id("pay")
            _ = try await harness.authorize(harness.params(id))
            let events = RedisWebhookEventStore(redis: redis)
            let body = Self.body("charge.captured", paymentID: id, eventID: harness.id("evt"), amount: 4_999)
            // A ledger that cannot be reached: the payment key is held by a value of the wrong type.
            let record = PaymentKeys(paymentID: id).record
            let saved = try await redis.send("DUMP", record)
            try await redis.send("DEL", record)
            try await redis.send("SET", record, "not-a-hash")
            let failed = await listener(harness, events: events).deliver(body: ByteBuffer(string: body), signature: Self.header(body, secret: Self.newSecret))
            #expect(failed == .failed && failed.statusCode == 500)
            try await redis.send("DEL", record)
            try await redis.send(RedisCommand("RESTORE", [record, 0, saved.bytes ?? []]))
            let redelivered = await listener(harness, events: events).deliver(body: ByteBuffer(string: body), signature: Self.header(body, secret: Self.newSecret))
            #expect(redelivered == .processed)
            #expect(try await harness.service.get(paymentID: id).state == "captured")
        }
    }
}
