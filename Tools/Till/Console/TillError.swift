/// A failure `till` reports to the operator as one line (never holding a secret's value).
///
/// Each has a ``Code`` so callers and tests can tell failures apart without matching text.
struct TillError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case usage, redisUnreachable, portTaken, secretMissing, executableMissing
            case notReady, stackRunning, noStack, fileSystem, launch
            case serviceUnreachable, rejected
        }

        private let base: Base

        /// A flag or variable has a value that cannot be used.
        static let usage = Self(base: .usage)
        /// Redis does not answer `PING`.
        static let redisUnreachable = Self(base: .redisUnreachable)
        /// A port a process was given is held by another process.
        static let portTaken = Self(base: .portTaken)
        /// A secret the stack needs is not there.
        static let secretMissing = Self(base: .secretMissing)
        /// A program to start was not found.
        static let executableMissing = Self(base: .executableMissing)
        /// A process did not become ready.
        static let notReady = Self(base: .notReady)
        /// A stack is already running from the directory.
        static let stackRunning = Self(base: .stackRunning)
        /// No stack is recorded in the directory.
        static let noStack = Self(base: .noStack)
        /// Reading or writing a file of the stack failed.
        static let fileSystem = Self(base: .fileSystem)
        /// A process could not be started.
        static let launch = Self(base: .launch)
        /// A service of the stack does not answer.
        static let serviceUnreachable = Self(base: .serviceUnreachable)
        /// A service answered the call with an error.
        static let rejected = Self(base: .rejected)

        var description: String { self.base.rawValue }
    }

    /// The kind of failure.
    let code: Code
    /// The line shown to the operator; may span several lines only for per-process reports.
    let message: String
    /// Where the error was raised, for debugging.
    let file: String
    /// Where the error was raised, for debugging.
    let line: Int

    init(_ code: Code, _ message: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
    }

    var description: String { self.message }
}
