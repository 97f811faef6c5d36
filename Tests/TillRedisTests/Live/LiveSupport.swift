import Logging
import NIOCore
import TillRedis
import TillTestSupport

/// Helpers shared by the live suites.
enum Live {
    static let logger: Logger = {
        var logger = Logger(label: "till.redis.tests")
        logger.logLevel = .critical
        return logger
    }()

    /// A client of the suite's server, with the given adjustments.
    static func client(
        url: String? = nil,
        _ adjust: (inout RedisConfiguration) -> Void = { _ in }
    ) throws -> RedisClient {
        var configuration = try RedisConfiguration(url: url ?? RedisServerScope.server.url)
        adjust(&configuration)
        return RedisClient(configuration: configuration, logger: logger)
    }

    /// Runs `body` with a client and shuts the client down afterwards, even if `body` throws.
    static func withClient<T>(
        url: String? = nil,
        _ adjust: (inout RedisConfiguration) -> Void = { _ in },
        _ body: (RedisClient) async throws -> T
    ) async throws -> T {
        let client = try client(url: url, adjust)
        do {
            let result = try await body(client)
            await client.shutdown()
            return result
        } catch {
            await client.shutdown()
            throw error
        }
    }

    /// Retries `body` until it succeeds or `timeout` passes (for recovery after a restart).
    static func eventually<T>(
        timeout: Duration = .seconds(20),
        _ body: () async throws -> T
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try await body()
            } catch {
                if ContinuousClock.now >= deadline { throw error }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Waits until the suite's server reports `count` clients blocked (e.g. in `BLPOP`), asking
    /// on a connection of its own so the question never queues behind the blocked command.
    /// Only for suites whose tests do not block clients concurrently.
    static func waitForBlockedClients(_ count: Int) async throws {
        try await withClient { observer in
            try await eventually(timeout: .seconds(10)) {
                let info = try await observer.send("INFO", "clients").string ?? ""
                let lines = info.split(whereSeparator: \.isNewline)
                guard lines.contains("blocked_clients:\(count)") else { throw NotYet("not \(count) blocked clients yet") }
            }
        }
    }

    /// A key no other test uses.
    static func key(_ name: String = #function) -> String {
        "test:{\(name)}:\(UInt64.random(in: 0...UInt64.max))"
    }
}

/// A condition that `Live.eventually` retries on.
struct NotYet: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
