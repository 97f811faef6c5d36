import Logging
import TillRedis

/// A TillRedis client of the stack's Redis for one command: checked with `PING` first, so an
/// unreachable server or a wrong password is one clear line rather than a retry loop.
enum RedisSession {
    /// Runs `body` with a client of the Redis `settings` name, and shuts the client down.
    static func run<T: Sendable>(
        settings: ClientSettings,
        _ body: (RedisClient) async throws -> T
    ) async throws(TillError) -> T {
        let (endpoint, url, source) = try settings.redis()
        try await RedisReachability.require(endpoint, variable: source)
        let configuration: RedisConfiguration
        do {
            configuration = try RedisConfiguration(url: url)
        } catch {
            throw TillError(.usage, "\(source): \(error.message)")
        }
        let client = RedisClient(configuration: configuration, logger: ServiceCall.quietLogger)
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(client))
        } catch {
            outcome = .failure(error)
        }
        await client.shutdown()
        switch outcome {
        case .success(let value):
            return value
        case .failure(let error as TillError):
            throw error
        case .failure(let error):
            throw TillError(.redisUnreachable, "Redis at \(endpoint.displayURL) failed: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        (error as? RedisError).map(\.message) ?? "\(error)"
    }
}
