import Testing

/// A suite trait that starts one `redis-server` for a whole suite and stops it afterwards.
///
/// ```swift
/// @Suite(.redisServer(arguments: ["--requirepass", "secret"]))
/// struct MyLiveTests {
///     @Test func roundTrip() async throws {
///         let server = try RedisServerScope.server
///     }
/// }
/// ```
/// Tests of a suite run in parallel against the same server: give each its own keys.
public struct RedisServerScope: SuiteTrait, TestTrait, TestScoping {
    /// Extra `redis-server` arguments.
    public let arguments: [String]

    /// The server of the suite being run.
    @TaskLocal public static var current: RedisServer?

    /// The server of the suite being run; throws outside a `.redisServer()` suite.
    public static var server: RedisServer {
        get throws {
            guard let current else { throw TestSupportError("no redis-server: add .redisServer() to the suite") }
            return current
        }
    }

    /// Once for the suite, not once per test.
    public var isRecursive: Bool { false }

    public func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        let server = try await RedisServer.start(arguments: arguments)
        defer { server.stop() }
        try await Self.$current.withValue(server) {
            try await function()
        }
    }
}

extension Trait where Self == RedisServerScope {
    /// Runs the suite against its own `redis-server`, started with `arguments`.
    public static func redisServer(arguments: [String] = []) -> Self {
        RedisServerScope(arguments: arguments)
    }
}
