import NIOCore
import Testing
import TillRedis
import TillTestSupport

@Suite(.redisServer(), .timeLimit(.minutes(1)))
struct RedisPubSubLiveTests {
    /// Subscribers Redis counts for `channel`.
    private func subscribers(_ redis: RedisClient, _ channel: String) async throws -> Int {
        let reply = try await redis.send("PUBSUB", "NUMSUB", channel)
        return reply.array?.last?.int ?? -1
    }

    @Test func subscribeDeliversPublishedMessages() async throws {
        try await Live.withClient { redis in
            let channel = Live.key()
            let subscription = try await redis.subscribe([channel])
            #expect(try await redis.publish(channel, "one") == 1)
            #expect(try await redis.publish(channel, ByteBuffer(bytes: [0, 1, 2])) == 1)
            var iterator = subscription.makeAsyncIterator()
            let first = try #require(await iterator.next())
            #expect(first.channel == channel)
            #expect(first.pattern == nil)
            #expect(first.string == "one")
            #expect(await iterator.next()?.payload == ByteBuffer(bytes: [0, 1, 2]))
        }
    }

    @Test func psubscribeDeliversMatchingChannelsWithThePattern() async throws {
        try await Live.withClient { redis in
            let prefix = Live.key()
            let subscription = try await redis.psubscribe(["\(prefix).*"])
            #expect(try await redis.publish("\(prefix).orders", "created") == 1)
            #expect(try await redis.publish("\(prefix)-other", "ignored") == 0)
            for await message in subscription {
                #expect(message.channel == "\(prefix).orders")
                #expect(message.pattern == "\(prefix).*")
                #expect(message.string == "created")
                break
            }
        }
    }

    @Test func endingTheIterationUnsubscribes() async throws {
        try await Live.withClient { redis in
            let channel = Live.key()
            let subscription = try await redis.subscribe([channel])
            #expect(try await subscribers(redis, channel) == 1)
            try await redis.publish(channel, "last")
            for await message in subscription {
                #expect(message.string == "last")
                break
            }
            try await Live.eventually(timeout: .seconds(10)) {
                guard try await subscribers(redis, channel) == 0 else { throw NotYet("still subscribed") }
            }
            #expect(try await redis.publish(channel, "nobody") == 0)
            _ = subscription  // still referenced: ending the iteration alone unsubscribed
        }
    }

    @Test func cancellingTheIteratingTaskUnsubscribes() async throws {
        try await Live.withClient { redis in
            let pattern = "\(Live.key()).*"
            let subscription = try await redis.psubscribe([pattern])
            let reader = Task {
                var count = 0
                for await _ in subscription { count += 1 }
                return count
            }
            try await Task.sleep(for: .milliseconds(50))
            reader.cancel()
            _ = await reader.value
            try await Live.eventually(timeout: .seconds(10)) {
                guard try await redis.send("PUBSUB", "NUMPAT").int == 0 else { throw NotYet("pattern still subscribed") }
            }
        }
    }

    @Test func sharedChannelStaysSubscribedUntilItsLastSubscriberLeaves() async throws {
        try await Live.withClient { redis in
            let channel = Live.key()
            let first = try await redis.subscribe([channel])
            let second = try await redis.subscribe([channel])
            first.unsubscribe()
            // Both subscriptions share one connection, so Redis counts one subscriber throughout.
            try await Live.eventually(timeout: .seconds(10)) {
                guard try await subscribers(redis, channel) == 1 else { throw NotYet("wrong count") }
            }
            #expect(try await redis.publish(channel, "still here") == 1)
            var iterator = second.makeAsyncIterator()
            #expect(await iterator.next()?.string == "still here")
            var ended = first.makeAsyncIterator()
            #expect(await ended.next() == nil)
            second.unsubscribe()
            try await Live.eventually(timeout: .seconds(10)) {
                guard try await subscribers(redis, channel) == 0 else { throw NotYet("still subscribed") }
            }
        }
    }

    @Test func shutdownEndsSubscriptions() async throws {
        let redis = try Live.client()
        let subscription = try await redis.subscribe([Live.key()])
        let reader = Task {
            for await _ in subscription {}
            return true
        }
        await redis.shutdown()
        #expect(await reader.value)
        let error = await #expect(throws: RedisError.self) { try await redis.subscribe(["x"]) }
        #expect(error?.code == .clientShutdown)
    }

    @Test func subscribingToNothingIsRejected() async throws {
        try await Live.withClient { redis in
            let error = await #expect(throws: RedisError.self) { try await redis.subscribe([]) }
            #expect(error?.code == .invalidArgument)
        }
    }
}
