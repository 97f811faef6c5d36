import NIOCore
import Testing
import TillRedis
import TillTestSupport

@Suite(.redisServer())
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
            #expect(error?.isRetriable == false)
        }
    }
}
