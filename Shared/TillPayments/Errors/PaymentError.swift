import TillResilience
import TillWire

/// A failure of a payment operation, typed by ``Code``.
///
/// `retriable` follows from the code and drives every decision downstream: retry the gateway call,
/// clear or keep the idempotency record, retry or compensate the saga step. Messages are for
/// people and never contain card data or secrets; structured facts go in ``details``.
/// ``wireError`` is the one place a payment error becomes its wire form.
public struct PaymentError: Error, RetriableError, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let code: Code
    /// A human-readable explanation, safe to show and log.
    public let message: String
    /// Structured context sent on the wire (`challenge_url`, `retry_after_ms`, `field`, …).
    public let details: [String: JSONValue]
    /// The error that caused this one, for logs; never sent on the wire.
    public let underlying: (any Error)?
    /// Where the error was made.
    public let file: String
    /// Where the error was made.
    public let line: Int

    /// Creates an error. Prefer the named constructors (``cardDeclined(_:declineCode:file:line:)``, …).
    public init(
        _ code: Code,
        _ message: String,
        details: [String: JSONValue] = [:],
        underlying: (any Error)? = nil,
        file: String = #fileID,
        line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.details = details
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// Whether the same request may succeed later; fixed by ``code``.
    public var retriable: Bool { code.isRetriable }

    public var isRetriable: Bool { retriable }

    public var description: String { "\(code.rawValue): \(message)" }
}
