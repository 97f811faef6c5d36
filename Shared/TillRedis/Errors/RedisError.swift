/// An error from the Redis client.
///
/// Every failure the client reports is a `RedisError`; ``isRetriable`` says whether the same call
/// may succeed if made again (the connection broke, timed out or could not be made, or the server
/// asked to be retried). Messages never contain a password or command arguments.
public struct RedisError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connectionFailed
            case connectionClosed
            case timeout
            case serverError
            case authenticationFailed
            case protocolError
            case invalidURL
            case invalidArgument
            case clientShutdown
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No connection could be made (refused, unreachable, connect timeout). Retriable.
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection closed before the reply arrived; the command may or may not have run.
        /// Retriable for idempotent commands.
        public static let connectionClosed = Code(.connectionClosed)
        /// No reply within the configured command timeout; the connection is closed. Retriable.
        public static let timeout = Code(.timeout)
        /// Redis answered with an error reply (`-ERR …`, `-WRONGTYPE …`, `-NOSCRIPT …`).
        public static let serverError = Code(.serverError)
        /// `AUTH` was rejected while connecting.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The server sent bytes that are not RESP, or a reply nobody asked for.
        public static let protocolError = Code(.protocolError)
        /// The Redis URL could not be parsed.
        public static let invalidURL = Code(.invalidURL)
        /// A call was made with arguments Redis cannot accept (e.g. subscribing to no channel).
        public static let invalidArgument = Code(.invalidArgument)
        /// The client was shut down.
        public static let clientShutdown = Code(.clientShutdown)

        /// The code's name, e.g. `connectionClosed`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, for people. For ``Code/serverError`` this is the server's own error text.
    public let message: String
    /// Where the error was raised.
    public let file: String
    /// Where the error was raised.
    public let line: Int

    /// Creates an error; prefer the static constructors.
    public init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    /// Whether the same call may succeed when made again.
    ///
    /// Transport failures are retriable (the caller decides whether its command is idempotent);
    /// server errors are retriable only when Redis itself says the condition is temporary.
    public var isRetriable: Bool {
        switch code {
        case .connectionFailed, .connectionClosed, .timeout:
            return true
        case .serverError:
            return serverErrorPrefix.map { Self.temporaryServerErrors.contains(String($0)) } ?? false
        default:
            return false
        }
    }

    /// The first word of a server error (`ERR`, `WRONGTYPE`, `NOSCRIPT`, …), if this is one.
    public var serverErrorPrefix: Substring? {
        guard code == .serverError else { return nil }
        return message.prefix { $0 != " " }
    }

    /// `RedisError.<code>: <message>`; safe to log (never contains credentials or arguments).
    public var description: String { "RedisError.\(code): \(message)" }

    /// Error replies Redis documents as transient: loading a dataset, a busy script, a cluster
    /// slot migrating or a replica without its master. Matched on the whole first word, so
    /// `BUSYKEY` and `BUSYGROUP` (permanent) are not mistaken for `BUSY`.
    private static let temporaryServerErrors: Set<String> = ["LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "CLUSTERDOWN"]
}

extension RedisError {
    static func connectionFailed(_ message: String, file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.connectionFailed, message, file: file, line: line)
    }

    static func connectionClosed(_ message: String, file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.connectionClosed, message, file: file, line: line)
    }

    static func timeout(_ message: String, file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.timeout, message, file: file, line: line)
    }

    static func server(_ message: String, file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.serverError, message, file: file, line: line)
    }

    static func protocolError(_ message: String, file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.protocolError, message, file: file, line: line)
    }

    static func invalidURL(_ message: String, file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.invalidURL, "invalid Redis URL: \(message)", file: file, line: line)
    }

    static func invalidArgument(_ message: String, file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.invalidArgument, message, file: file, line: line)
    }

    static func clientShutdown(file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.clientShutdown, "the Redis client has been shut down", file: file, line: line)
    }
}
