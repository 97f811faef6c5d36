import TillWire

/// An error that knows whether repeating the same request may succeed.
///
/// ``RetryPolicy`` retries only errors whose ``isRetriable`` is `true`, and ``CircuitBreaker``
/// counts only those as failures of the dependency: a card decline is a healthy gateway saying no.
public protocol RetriableError: Error {
    /// Whether the same request may succeed if it is sent again later.
    var isRetriable: Bool { get }
}

extension WireError: RetriableError {
    /// The wire error's own `retriable` flag.
    public var isRetriable: Bool { retriable }
}

/// How Till classifies an arbitrary error: ``RetriableError`` conformers decide for themselves,
/// everything else (including `CancellationError`) is final.
public enum RetryClassification {
    /// Whether `error` may succeed on a later attempt.
    public static func isRetriable(_ error: any Error) -> Bool {
        (error as? any RetriableError)?.isRetriable ?? false
    }
}
