import NIOCore
import Testing
import TillRedis
import TillTestSupport

@Suite(.redisServer(), .timeLimit(.minutes(1)))
struct RedisClientLiveTests {
    @Test func setAndGetRoundTrip() async throws {
        try await Live.withClient { redis in
            let key = Live.key()
            let set = try await redis.send("SET", key, "hello")
            #expect(set == .simpleString("OK"))
            #expect(try await redis.send("GET", key).string == "hello")
            #expect(try await redis.send("GET", Live.key("missing")).isNull)
            try await redis.ping()
        }
    }

    @Test func binaryAndEmptyArgumentsSurvive() async throws {
        try await Live.withClient { redis in
            let key = Live.key()
            let bytes: [UInt8] = [0, 13, 10, 255, 36, 42]
            try await redis.send("SET", key, bytes)
            #expect(try await redis.send("GET", key).bytes == bytes)
            try await redis.send("SET", key, "")
            #expect(try await redis.send("GET", key) == .bulkString(ByteBuffer()))
            try await redis.send("SET", key, Int64.min)
            #expect(try await redis.send("GET", key).int64 == Int64.min)
        }
    }

    @Test func errorReplyThrowsServerError() async throws {
        try await Live.withClient { redis in
            let key = Live.key()
            try await redis.send("SET", key, "text")
            let error = await #expect(throws: RedisError.self) { try await redis.send("INCR", key) }
            #expect(error?.code == .serverError)
            #expect(error?.message.hasPrefix("ERR") == true)
            #expect(error?.serverErrorPrefix == "ERR")
            #expect(error?.isRetriable == false)
        }
    }

    @Test func pipelinesOneHundredThousandCommandsInOrder() async throws {
        try await Live.withClient({ $0.commandTimeout = .seconds(60) }) { redis in
            let key = Live.key()
            let count = 100_000
            let replies = try await redis.pipeline(Array(repeating: RedisCommand("INCR", [key]), count: count))
            #expect(replies.count == count)
            #expect(replies.map(\.int) == (1...count).map { Optional($0) })
        }
    }

    @Test func pipelineReturnsErrorRepliesInPlace() async throws {
        try await Live.withClient { redis in
            let key = Live.key()
            let replies = try await redis.pipeline([
                RedisCommand("SET", [key, "not a number"]),
                RedisCommand("INCR", [key]),
                RedisCommand("GET", [key]),
            ])
            #expect(replies.count == 3)
            #expect(replies[0] == .simpleString("OK"))
            #expect(replies[1].errorMessage?.hasPrefix("ERR") == true)
            #expect(replies[2].string == "not a number")
            #expect(try await redis.pipeline([]).isEmpty)
        }
    }

    @Test func concurrentCallersEachGetTheirOwnReplies() async throws {
        try await Live.withClient { redis in
            let prefix = Live.key()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for caller in 0..<200 {
                    group.addTask {
                        let key = "\(prefix):\(caller)"
                        for round in 0..<50 {
                            let value = "\(caller)-\(round)"
                            try await redis.send("SET", key, value)
                            let read = try await redis.send("GET", key).string
                            guard read == value else { throw NotYet("caller \(caller) read \(read ?? "nil"), wanted \(value)") }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func evaluateLoadsTheScriptAgainAfterScriptFlush() async throws {
        try await Live.withClient { redis in
            let script = RedisScript("return {KEYS[1], ARGV[1], tonumber(ARGV[2]) + 1}")
            let key = Live.key()
            let expected = RESPValue.array([.bulkString(ByteBuffer(string: key)), .bulkString(ByteBuffer(string: "a")), .integer(42)])
            #expect(try await redis.evaluate(script, keys: [key], arguments: ["a", 41]) == expected)

            let before = redis.commandsSent
            #expect(try await redis.evaluate(script, keys: [key], arguments: ["a", 41]) == expected)
            #expect(redis.commandsSent - before == 1, "a known script costs one EVALSHA")

            try await redis.send("SCRIPT", "FLUSH")
            let flushed = redis.commandsSent
            #expect(try await redis.evaluate(script, keys: [key], arguments: ["a", 41]) == expected)
            #expect(redis.commandsSent - flushed == 3, "EVALSHA, SCRIPT LOAD, EVALSHA")
        }
    }

    @Test func evaluateReportsScriptErrors() async throws {
        try await Live.withClient { redis in
            let error = await #expect(throws: RedisError.self) {
                try await redis.evaluate(RedisScript("return redis.error_reply('BROKEN on purpose')"))
            }
            #expect(error?.code == .serverError)
            #expect(error?.message.contains("BROKEN on purpose") == true)
            let syntax = await #expect(throws: RedisError.self) { try await redis.evaluate(RedisScript("this is not lua")) }
            #expect(syntax?.code == .serverError)
        }
    }

    @Test func commandsSentCountsEveryCommandWritten() async throws {
        try await Live.withClient { redis in
            #expect(redis.commandsSent == 0)
            try await redis.ping()
            #expect(redis.commandsSent == 1)
            _ = try await redis.pipeline([RedisCommand("PING", []), RedisCommand("PING", [])])
            #expect(redis.commandsSent == 3)
            _ = try? await redis.send("NOSUCHCOMMAND")
            #expect(redis.commandsSent == 4)
        }
    }

    @Test func publishReportsReceivers() async throws {
        try await Live.withClient { redis in
            let text = try await redis.publish(Live.key(), "nobody listens")
            let bytes = try await redis.publish(Live.key(), ByteBuffer(string: "bytes"))
            #expect(text == 0 && bytes == 0)
        }
    }

    @Test func shutdownLetsInFlightCommandsFinishThenRefusesCalls() async throws {
        let redis = try Live.client()
        try await redis.ping()
        // BLPOP on a missing list holds its reply back for two seconds (no other test here blocks).
        let blocked = Task { try await redis.send("BLPOP", Live.key(), 2) }
        try await Live.waitForBlockedClients(1)
        await redis.shutdown()
        #expect(try await blocked.value.isNull)
        let error = await #expect(throws: RedisError.self) { try await redis.ping() }
        #expect(error?.code == .clientShutdown)
        #expect(error?.isRetriable == false)
        await redis.shutdown()
    }

    @Test func runShutsTheClientDownWhenCancelled() async throws {
        let redis = try Live.client()
        let service = Task { try await redis.run() }
        try await redis.ping()  // calls work while run() is active
        service.cancel()
        try await service.value
        let error = await #expect(throws: RedisError.self) { try await redis.ping() }
        #expect(error?.code == .clientShutdown)
    }

    @Test func poolSpreadsCommandsOverItsConnections() async throws {
        try await Live.withClient({ $0.poolSize = 3 }) { redis in
            // Slots connect on first use (meanwhile calls share whichever is ready), then take
            // turns: CLIENT ID names the connection that answered. The event loops are shared
            // with busy parallel tests, so connecting may take a while.
            var everSeen: Set<Int> = []
            try await Live.eventually {
                var seen: Set<Int> = []
                for _ in 0..<3 { seen.insert(try #require(try await redis.send("CLIENT", "ID").int)) }
                everSeen.formUnion(seen)
                guard seen.count == 3 else { throw NotYet("3 calls reached \(seen.count) connections") }
            }
            #expect(everSeen.count == 3, "no connection was replaced")
        }
    }
}
