import Logging
import TillRedis
import TillResilience

/// Helpers shared by the live Redis suites (used inside a `.redisServer()` suite).
public enum LiveRedis {
    public static let logger = Logger(label: "till.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` with a fresh client of the suite's server and shuts it down afterwards.
    public static func withClient<T>(_ body: (RedisClient) async throws -> T) async throws -> T {
        let client = RedisClient(configuration: try RedisConfiguration(url: RedisServerScope.server.url), logger: logger)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Runs `body` with two independent clients, as two replicas would have.
    public static func withTwoClients<T>(_ body: (RedisClient, RedisClient) async throws -> T) async throws -> T {
        try await withClient { first in
            try await withClient { second in try await body(first, second) }
        }
    }

    /// A name no other test uses.
    public static func unique(_ name: String = #function) -> String {
        let stem = name.prefix { $0 != "(" }
        return "\(stem)-\(UInt64.random(in: 0...UInt64.max))"
    }

    /// Starts `till-test-worker` with `arguments` against the suite's server, waiting for it at
    /// `barrier`; returns once the worker is ready, and lets it go together with the caller when
    /// `go` is called.
    public static func startWorker(_ scenario: String, _ arguments: [String], barrier: String, redis: RedisClient) async throws -> TestWorker {
        let worker = try TestWorker(
            arguments: [scenario, "--redis-url", try RedisServerScope.server.url, "--barrier", barrier] + arguments
        )
        let deadline = ContinuousClock.now + .seconds(60)
        while try await redis.send("GET", "\(barrier):ready").int64 != 1 {
            guard ContinuousClock.now < deadline else { throw TestSupportError("till-test-worker did not get ready") }
            try await Task.sleep(for: .milliseconds(5))
        }
        return worker
    }

    /// Lets every worker waiting at `barrier` go.
    public static func go(_ barrier: String, redis: RedisClient) async throws {
        try await redis.send("SET", "\(barrier):go", "1")
    }

    /// Waits until the counter at `key` reaches `target` (at most 30 s), as the worker does: a
    /// call holds what it created (a claim, a half-open probe) until every other caller has been
    /// refused, so no timing decides the outcome.
    public static func waitForCount(_ key: String, toReach target: Int64, redis: RedisClient) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await redis.send("GET", key).int64 ?? 0 < target, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Runs `call` `count` times concurrently and collects the results.
    public static func concurrently<T: Sendable>(_ count: Int, _ call: @escaping @Sendable () async -> T) async -> [T] {
        await withTaskGroup(of: T.self) { group in
            for _ in 0..<count { group.addTask(operation: call) }
            return await group.reduce(into: []) { $0.append($1) }
        }
    }
}

extension SimulatedUnixTime {
    /// This clock as the stores' clock.
    public var clock: SharedClock { .custom { self.nowMicroseconds } }
}
