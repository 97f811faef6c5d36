import NIOCore
import NIOExtras
import NIOPosix

/// Asks a Redis server `PING` (after `AUTH` when the endpoint has a password) over a fresh
/// connection: `till up`'s check of an existing server and of the one it starts.
///
/// Kept apart from the TillRedis client on purpose: it must work before anything else does, and
/// tell apart "nothing listens" from "Redis answers but refuses" (wrong password, still loading
/// its AOF), which the operator fixes differently.
enum RedisPing {
    /// What Redis said.
    enum Answer: Sendable, Hashable {
        /// `+PONG`: ready for commands.
        case pong
        /// An error reply such as `NOAUTH Authentication required.` or `LOADING …`.
        case refused(String)
    }

    /// The server did not answer within the time limit.
    struct Timeout: Error, CustomStringConvertible {
        var description: String { "no answer in time" }
    }

    /// Sends the commands and returns the answer to `PING`.
    ///
    /// - Throws: ``Timeout`` after `timeout`; NIO's errors when the connection fails.
    static func ping(
        _ endpoint: RedisEndpoint,
        timeout: Duration,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> Answer {
        try await withThrowingTaskGroup(of: Answer?.self) { tasks in
            tasks.addTask { try await Self.exchange(endpoint, connectTimeout: timeout, group: group) }
            tasks.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { tasks.cancelAll() }
            guard let first = try await tasks.next(), let answer = first else { throw Timeout() }
            return answer
        }
    }

    private static func exchange(
        _ endpoint: RedisEndpoint,
        connectTimeout: Duration,
        group: any EventLoopGroup
    ) async throws -> Answer {
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(connectTimeout))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var request = ""
            if let password = endpoint.password {
                request += Self.encode(["AUTH"] + (endpoint.username.map { [$0] } ?? []) + [password])
            }
            request += Self.encode(["PING"])
            try await outbound.write(ByteBuffer(string: request))

            var replies = inbound.makeAsyncIterator()
            if endpoint.password != nil {
                let authReply = try await replies.next().map { String(buffer: $0) } ?? ""
                guard authReply.hasPrefix("+") else { return Self.refusal(authReply) }
            }
            let pingReply = try await replies.next().map { String(buffer: $0) } ?? ""
            return pingReply == "+PONG" ? .pong : Self.refusal(pingReply)
        }
    }

    /// A command as a RESP array of bulk strings (binary-safe, so any password works).
    static func encode(_ parts: [String]) -> String {
        var text = "*\(parts.count)\r\n"
        for part in parts {
            text += "$\(part.utf8.count)\r\n\(part)\r\n"
        }
        return text
    }

    private static func refusal(_ reply: String) -> Answer {
        guard !reply.isEmpty else { return .refused("connection closed without a reply") }
        return .refused(reply.hasPrefix("-") ? String(reply.dropFirst()) : "unexpected reply \(reply.prefix(60))")
    }
}
