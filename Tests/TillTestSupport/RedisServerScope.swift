import NIOCore
import NIOPosix
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
///
/// For a password-protected server use `password:` rather than `--requirepass`:
/// `RedisServer.start` waits for an unauthenticated `PING` to answer `+PONG`, which such a server
/// never does, so the password is set with `CONFIG SET` once the server is up.
public struct RedisServerScope: SuiteTrait, TestTrait, TestScoping {
    /// Extra `redis-server` arguments.
    public let arguments: [String]
    /// Password required of clients (`requirepass`), if any.
    public let password: String?

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
        if let password {
            try await Self.requirePassword(password, port: server.port)
        }
        try await Self.$current.withValue(server) {
            try await function()
        }
    }

    /// `CONFIG SET requirepass` over a raw RESP connection, independent of the client under test.
    private static func requirePassword(_ password: String, port: Int) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let arguments = ["CONFIG", "SET", "requirepass", password]
        let command = "*\(arguments.count)\r\n" + arguments.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
        let reply = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: command))
            for try await reply in inbound { return String(buffer: reply) }
            return ""
        }
        guard reply.hasPrefix("+OK") else { throw TestSupportError("CONFIG SET requirepass failed: \(reply)") }
    }
}

extension Trait where Self == RedisServerScope {
    /// Runs the suite against its own `redis-server`, started with `arguments`, requiring
    /// `password` of clients if one is given.
    public static func redisServer(arguments: [String] = [], password: String? = nil) -> Self {
        RedisServerScope(arguments: arguments, password: password)
    }
}
