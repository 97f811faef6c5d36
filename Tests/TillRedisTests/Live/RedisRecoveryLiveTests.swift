import Testing
import TillRedis
import TillTestSupport

/// Crashes and stalls of the suite's server. Serialized: each test breaks the server for the others.
@Suite(.redisServer(), .serialized, .timeLimit(.minutes(1)))
struct RedisRecoveryLiveTests {
    @Test func recoversAfterTheServerIsKilledAndRestarted() async throws {
        let server = try RedisServerScope.server
        try await Live.withClient { redis in
            let channel = Live.key()
            let subscription = try await redis.subscribe([channel])
            var messages = subscription.makeAsyncIterator()
            try await redis.send("SET", Live.key(), "before")

            // A command certain to be in flight when the server dies: BLPOP holds its reply back.
            // It gets a client of its own, without a command timeout, so nothing queues behind it.
            let blocker = try Live.client { $0.commandTimeout = nil }
            let inFlight = Task { try await blocker.send("BLPOP", Live.key("nothing"), 60) }
            try await Live.waitForBlockedClients(1)
            server.kill()

            let lost = await #expect(throws: RedisError.self) { try await inFlight.value }
            #expect(lost?.isRetriable == true)
            #expect(lost?.code == .connectionClosed)
            await blocker.shutdown()

            // While the server is down, calls fail at once and retriably instead of hanging.
            for _ in 0..<5 {
                let start = ContinuousClock.now
                let down = await #expect(throws: RedisError.self) { try await redis.ping() }
                #expect(down?.isRetriable == true)
                #expect(ContinuousClock.now - start < .seconds(2))
            }

            try await Live.eventually { try await server.launch() }
            try await Live.eventually { try await redis.ping() }
            try await redis.send("SET", Live.key(), "after")

            // The subscription is restored by itself once the pub/sub connection is back.
            try await Live.eventually {
                guard try await redis.publish(channel, "after restart") == 1 else { throw NotYet("not resubscribed yet") }
            }
            let message = await messages.next()
            #expect(message?.string == "after restart")
        }
    }

    @Test func stalledServerTimesOutRetriablyAndRecovers() async throws {
        let server = try RedisServerScope.server
        try await Live.withClient({ $0.commandTimeout = .milliseconds(300) }) { redis in
            try await Live.eventually { try await redis.ping() }
            server.pause()
            let stalled = await #expect(throws: RedisError.self) { try await redis.ping() }
            server.resume()
            #expect(stalled?.code == .timeout)
            #expect(stalled?.isRetriable == true)
            try await Live.eventually { try await redis.ping() }
        }
    }

    @Test func stalledHandshakeIsBoundedByTheConnectTimeout() async throws {
        let server = try RedisServerScope.server
        // Database 1 makes the connection send SELECT, which a paused server never answers.
        let url = "redis://127.0.0.1:\(server.port)/1"
        try await Live.withClient(url: url, { $0.connectTimeout = .milliseconds(300); $0.commandTimeout = nil }) { redis in
            server.pause()
            let start = ContinuousClock.now
            let error = await #expect(throws: RedisError.self) { try await redis.ping() }
            server.resume()
            #expect(error?.code == .connectionFailed)
            #expect(error?.isRetriable == true)
            #expect(ContinuousClock.now - start < .seconds(5))
            try await Live.eventually { try await redis.ping() }
        }
    }

    @Test func unreachableServerFailsFastAndRetriably() async throws {
        try await Live.withClient(url: "redis://127.0.0.1:\(FreePort.next())") { redis in
            for _ in 0..<3 {
                let start = ContinuousClock.now
                let error = await #expect(throws: RedisError.self) { try await redis.send("GET", "k") }
                #expect(error?.code == .connectionFailed)
                #expect(error?.isRetriable == true)
                #expect(ContinuousClock.now - start < .seconds(2))
            }
            let subscribe = await #expect(throws: RedisError.self) { try await redis.subscribe(["c"]) }
            #expect(subscribe?.isRetriable == true)
        }
    }
}
