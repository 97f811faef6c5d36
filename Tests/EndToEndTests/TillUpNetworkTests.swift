import Foundation
import Testing
import TillProcess
import TillTestSupport

@testable import TillCLI

@Suite("till up network: ports and Redis")
struct TillUpNetworkTests {
    @Test func allocatesDistinctPortsThatAreFreeAfterwards() async throws {
        let allocator = PortAllocator()
        let ports = try allocator.allocate(12)
        #expect(ports.count == 12)
        #expect(Set(ports).count == 12)
        for port in ports {
            #expect((1024...65535).contains(port))
            #expect(allocator.isFree(port))
        }
    }

    @Test func seesAPortHeldByAnotherServerAsTaken() async throws {
        let server = try await RedisServer.start()
        #expect(!PortAllocator().isFree(server.port))
        server.stop()
        let deadline = ContinuousClock.now + .seconds(10)
        while !PortAllocator().isFree(server.port), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(PortAllocator().isFree(server.port))
    }

    @Test(arguments: [
        ("redis://127.0.0.1:6379/0", RedisEndpoint(host: "127.0.0.1", port: 6379, username: nil, password: nil, database: 0)),
        ("redis://localhost", RedisEndpoint(host: "localhost", port: 6379, username: nil, password: nil, database: 0)),
        ("redis://:s%40cret@10.1.2.3:7000/3", RedisEndpoint(host: "10.1.2.3", port: 7000, username: nil, password: "s@cret", database: 3)),
        ("redis://ops:pw@cache:6380", RedisEndpoint(host: "cache", port: 6380, username: "ops", password: "pw", database: 0)),
        ("redis://[::1]:6390/1", RedisEndpoint(host: "::1", port: 6390, username: nil, password: nil, database: 1)),
    ])
    func parsesRedisURLs(url: String, endpoint: RedisEndpoint) {
        #expect(RedisEndpoint.parse(url) == endpoint)
    }

    @Test func showsRedisURLsWithoutTheirCredentials() throws {
        #expect(try #require(RedisEndpoint.parse("redis://:hunter2hunter2@10.1.2.3:7000/3")).displayURL == "redis://***@10.1.2.3:7000/3")
        #expect(try #require(RedisEndpoint.parse("redis://[::1]:6390")).displayURL == "redis://[::1]:6390/0")
        #expect(RedisEndpoint.parse("http://x") == nil)
        #expect(RedisEndpoint.parse("redis://host:notaport") == nil)
    }

    @Test func pingsARealRedis() async throws {
        let server = try await RedisServer.start()
        defer { server.stop() }
        let endpoint = try #require(RedisEndpoint.parse(server.url))
        #expect(try await RedisPing.ping(endpoint, timeout: .seconds(10)) == .pong)
        try await RedisReachability.require(endpoint, variable: "TILL_REDIS_URL")
        #expect(await ReadinessProbe().check(.redisPing(host: "127.0.0.1", port: server.port)) == .ready)
    }

    @Test func tellsAMissingAndAWrongPasswordApart() async throws {
        let password = "correct-horse-battery"
        let server = try await RedisServer.start(arguments: ["--requirepass", password])
        defer { server.stop() }
        let withPassword = try #require(RedisEndpoint.parse("redis://:\(password)@127.0.0.1:\(server.port)/0"))
        #expect(try await RedisPing.ping(withPassword, timeout: .seconds(10)) == .pong)

        let without = try #require(RedisEndpoint.parse(server.url))
        do {
            try await RedisReachability.require(without, variable: "TILL_REDIS_URL")
            Issue.record("Redis without its password counted as reachable")
        } catch {
            #expect(error.code == .secretMissing)
            #expect(error.message.hasPrefix("TILL_REDIS_URL: Redis at redis://127.0.0.1:\(server.port)/0 requires a password"))
        }

        let wrong = try #require(RedisEndpoint.parse("redis://:not-the-password@127.0.0.1:\(server.port)/0"))
        do {
            try await RedisReachability.require(wrong, variable: "TILL_REDIS_URL")
            Issue.record("a wrong password was accepted")
        } catch {
            #expect(error.code == .secretMissing)
            #expect(error.message == "TILL_REDIS_URL: Redis at redis://***@127.0.0.1:\(server.port)/0 rejected the password in the URL")
            #expect(!error.message.contains("not-the-password"))
        }
    }

    @Test func saysInOneLineWhenNothingListens() async throws {
        let port = try PortAllocator().allocate(1)[0]
        let endpoint = RedisEndpoint(host: "127.0.0.1", port: port, username: nil, password: nil, database: 0)
        do {
            try await RedisReachability.require(endpoint, variable: "TILL_REDIS_URL")
            Issue.record("a closed port counted as Redis")
        } catch {
            #expect(error.code == .redisUnreachable)
            #expect(error.message == "TILL_REDIS_URL: no Redis answers at redis://127.0.0.1:\(port)/0 (connection refused)")
        }
    }

    @Test func encodesCommandsAsBinarySafeRESP() {
        #expect(RedisPing.encode(["AUTH", "pä ss\r\n"]) == "*2\r\n$4\r\nAUTH\r\n$8\r\npä ss\r\n\r\n")
    }
}
