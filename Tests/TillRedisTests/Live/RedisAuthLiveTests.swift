import Testing
import TillRedis
import TillTestSupport

@Suite(.redisServer(password: "correct-horse-battery"), .timeLimit(.minutes(1)))
struct RedisAuthLiveTests {
    private func url(_ credentials: String, database: Int = 0) throws -> String {
        "redis://\(credentials)@127.0.0.1:\(try RedisServerScope.server.port)/\(database)"
    }

    @Test func authenticatesAndSelectsTheDatabaseFromTheURL() async throws {
        let key = Live.key()
        try await Live.withClient(url: try url(":correct-horse-battery", database: 3)) { redis in
            try await redis.send("SET", key, "in db 3")
            #expect(try await redis.send("CLIENT", "INFO").string?.contains("db=3") == true)
        }
        try await Live.withClient(url: try url("default:correct-horse-battery")) { redis in
            #expect(try await redis.send("GET", key).isNull, "db 0 must not see db 3's key")
            try await redis.send("SELECT", 3)
            #expect(try await redis.send("GET", key).string == "in db 3")
        }
    }

    @Test func wrongPasswordIsATypedErrorWithoutThePassword() async throws {
        try await Live.withClient(url: try url(":wrong-staple-guess")) { redis in
            let error = await #expect(throws: RedisError.self) { try await redis.ping() }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.isRetriable == false)
            #expect(error?.description.contains("wrong-staple-guess") == false)
            #expect(error?.description.contains("correct-horse-battery") == false)
        }
    }

    @Test func missingPasswordGetsNOAUTH() async throws {
        try await Live.withClient(url: "redis://127.0.0.1:\(try RedisServerScope.server.port)") { redis in
            let error = await #expect(throws: RedisError.self) { try await redis.ping() }
            #expect(error?.code == .serverError)
            #expect(error?.serverErrorPrefix == "NOAUTH")
        }
    }

    @Test func databaseOutOfRangeFailsTheConnection() async throws {
        try await Live.withClient(url: try url(":correct-horse-battery", database: 999)) { redis in
            let error = await #expect(throws: RedisError.self) { try await redis.ping() }
            #expect(error?.code == .serverError)
            #expect(error?.message.contains("SELECT 999") == true)
            #expect(error?.isRetriable == false)
        }
    }
}
