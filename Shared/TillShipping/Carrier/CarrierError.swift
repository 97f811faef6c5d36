import TillResilience

/// Why the carrier did not create a label.
public enum CarrierError: Error, Sendable, Hashable, RetriableError {
    /// The carrier refuses to deliver to this address; retrying will not help.
    case addressRejected(postalCode: String)
    /// The carrier did not answer or failed; a retry may succeed.
    case unavailable

    public var isRetriable: Bool { self == .unavailable }
}
