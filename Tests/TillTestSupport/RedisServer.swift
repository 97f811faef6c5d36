import Foundation
import NIOCore
import NIOPosix

/// A real `redis-server` on a free loopback port, owned by one test suite.
///
/// Tests never use a shared or mocked Redis: each suite starts its own server with persistence off
/// (unless asked for AOF) in a private temporary directory, and stops it when done.
public final class RedisServer: Sendable {
    public let port: Int
    public let directory: URL
    private let extraArguments: [String]
    private let process: LockedProcess

    /// `redis://127.0.0.1:<port>/0`
    public var url: String { "redis://127.0.0.1:\(port)/0" }

    /// Starts a server and waits until it accepts connections.
    /// - Parameter arguments: extra `redis-server` arguments, e.g. `["--requirepass", "secret"]`.
    public static func start(arguments: [String] = []) async throws -> RedisServer {
        var lastError: (any Error)?
        for _ in 0..<5 {
            let server = RedisServer(port: FreePort.next(), arguments: arguments)
            do {
                try await server.launch()
                return server
            } catch {
                lastError = error
                server.stop()
            }
        }
        throw lastError ?? TestSupportError("redis-server did not start")
    }

    private init(port: Int, arguments: [String]) {
        self.port = port
        self.extraArguments = arguments
        self.directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("till-redis-\(port)-\(UUID().uuidString.prefix(8))")
        self.process = LockedProcess()
    }

    /// (Re)starts the server process on the same port and directory.
    public func launch() async throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let executable = try Executables.locateSystem("redis-server")
        let arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "yes",
            "--logfile", directory.appendingPathComponent("redis.log").path,
        ] + extraArguments
        try process.start(executable: executable, arguments: arguments)
        try await waitUntilAccepting()
    }

    /// Sends SIGKILL to the server (a crash, for recovery tests); use `waitForExit` to wait for it.
    public func kill() {
        process.signal(SIGKILL)
    }

    /// Waits until the server process has exited (after ``kill()``).
    public func waitForExit(timeout: Duration = .seconds(10)) async throws {
        _ = try await process.waitForExit(timeout: timeout)
    }

    /// Pauses (SIGSTOP) or resumes (SIGCONT) the server: a stall, not a crash.
    public func pause() { process.signal(SIGSTOP) }
    public func resume() { process.signal(SIGCONT) }

    /// Stops the server and removes its directory.
    public func stop() {
        process.signal(SIGCONT)
        process.signal(SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }

    private func waitUntilAccepting() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            guard process.isRunning else { throw TestSupportError("redis-server exited at start (port \(port) taken?)") }
            if (try? await Self.ping(port: port)) == true { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSupportError("redis-server on port \(port) did not accept connections within 10 s")
    }

    /// A raw RESP `PING` over a fresh socket; independent of the client under test.
    private static func ping(port: Int) async throws -> Bool {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(200))
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "PING\r\n"))
            for try await reply in inbound {
                // A server with `requirepass` answers `-NOAUTH`: it is up all the same.
                let text = String(buffer: reply)
                return text.hasPrefix("+PONG") || text.hasPrefix("-NOAUTH")
            }
            return false
        }
    }
}

/// An error raised by test infrastructure, not by the code under test.
public struct TestSupportError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
