/// A Redis-backed store found something it did not write: a reply of the wrong shape, or a stored
/// value it cannot read. Either is a bug or tampering, never a transient condition, so it is not
/// retriable. Messages name the store and what was wrong, never the stored value.
public struct RedisStoreError: RetriableError, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unexpectedReply
            case corruptRecord
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A script or command answered with a reply the store does not understand.
        public static let unexpectedReply = Code(.unexpectedReply)
        /// A stored value could not be decoded.
        public static let corruptRecord = Code(.corruptRecord)

        /// The code's name, e.g. `unexpectedReply`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The store that failed, e.g. `circuit_breaker`.
    public let store: String
    /// What was wrong, for people.
    public let message: String
    /// Where the error was raised.
    public let file: String
    /// Where the error was raised.
    public let line: Int

    /// Creates an error.
    public init(_ code: Code, store: String, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.store = store
        self.message = message
        self.file = file
        self.line = line
    }

    /// Never: the same request would find the same bad data.
    public var isRetriable: Bool { false }

    public var description: String { "RedisStoreError.\(code) in \(store): \(message)" }
}
