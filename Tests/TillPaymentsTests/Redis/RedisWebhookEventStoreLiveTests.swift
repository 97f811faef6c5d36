import Testing
import TillPayments
import TillRedis
import TillTestSupport

@Suite("Webhook event dedup on Redis", .redisServer(), .timeLimit(.minutes(1)))
struct RedisWebhookEventStoreLiveTests {
    @Test("claim, duplicate while processing (409), done, duplicate (200)")
    func lifecycle() async throws {
        try await LiveRedis.withTwoClients { (first: RedisClient, second: RedisClient) async throws in
            let replicaA = RedisWebhookEventStore(redis: first)
            let replicaB = RedisWebhookEventStore(redis: second)
            let event = LiveRedis.unique("evt")
            let key = RedisWebhookEventStore.key(eventID: event)
            #expect(key == "till:webhook:{\(event)}")

            #expect(try await replicaA.claim(eventID: event) == .claimed)
            #expect(try await first.send("GET", key).string == "processing")
            let claimTTL = try await first.send("TTL", key).int64 ?? 0
            #expect(claimTTL > 0 && claimTTL <= 60)
            let processing = try await replicaB.claim(eventID: event)
            #expect(processing == .processing)
            #expect(WebhookResponse(claim: processing)?.statusCode == 409)

            try await replicaA.markDone(eventID: event)
            let doneTTL = try await first.send("TTL", key).int64 ?? 0
            #expect(doneTTL > 604_000 && doneTTL <= 604_800)
            let duplicate = try await replicaB.claim(eventID: event)
            #expect(duplicate == .done)
            #expect(WebhookResponse(claim: duplicate) == .duplicate)
            #expect(WebhookResponse(claim: duplicate)?.statusCode == 200)

            // A failing redelivery of a processed event must not erase its done record.
            try await replicaB.release(eventID: event)
            #expect(try await replicaA.claim(eventID: event) == .done)
        }
    }

    @Test("failed processing deletes the claim, so the redelivery is processed")
    func failureReleases() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let store = RedisWebhookEventStore(redis: redis)
            let event = LiveRedis.unique("evt")
            #expect(try await store.claim(eventID: event) == .claimed)
            try await store.release(eventID: event)
            #expect(try await redis.send("EXISTS", RedisWebhookEventStore.key(eventID: event)).int64 == 0)
            #expect(try await store.claim(eventID: event) == .claimed)
            try await store.markDone(eventID: event)
            #expect(try await store.claim(eventID: event) == .done)
        }
    }

    @Test("a claim whose processor died expires after its TTL")
    func claimExpires() async throws {
        try await LiveRedis.withClient { (redis: RedisClient) async throws in
            let store = RedisWebhookEventStore(redis: redis, claimTTLSeconds: 1)
            let event = LiveRedis.unique("evt")
            #expect(try await store.claim(eventID: event) == .claimed)
            #expect(try await store.claim(eventID: event) == .processing)
            let deadline = ContinuousClock.now + .seconds(10)
            while try await redis.send("EXISTS", RedisWebhookEventStore.key(eventID: event)).int64 == 1 {
                #expect(ContinuousClock.now < deadline, "the claim never expired")
                if ContinuousClock.now >= deadline { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(try await store.claim(eventID: event) == .claimed)
        }
    }
}
