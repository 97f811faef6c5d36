/// Why a call failed, as seen by the caller.
///
/// Carries the wire error fields plus where the failure came from. Transport failures (connection
/// refused, closed mid-call) are `unavailable` and retriable: the request may or may not have run.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where a failure came from.
    public enum Source: Sendable, Hashable {
        /// The server answered with this error.
        case server
        /// The connection failed: refused, reset, closed before the answer, or no replica reachable.
        case transport
        /// This client gave up: its deadline passed, the task was cancelled, or a payload did not encode or decode.
        case local
    }

    /// The wire error code (or ``RPCError/cancelledCode`` for a cancelled call).
    public var code: WireErrorCode
    /// A human-readable explanation; never contains a secret.
    public var message: String
    /// Whether the same call may succeed if made again later.
    public var retriable: Bool
    /// Structured context from the server, e.g. `{"field": "items[0].quantity"}`.
    public var details: JSONValue?
    /// Where the failure came from.
    public var source: Source

    /// The code of a call abandoned because its task was cancelled. Never sent on the wire.
    public static let cancelledCode = WireErrorCode("cancelled")

    /// An error with the fields of a wire error.
    public init(_ error: WireError, source: Source) {
        self.code = error.code
        self.message = error.message
        self.retriable = error.retriable
        self.details = error.details
        self.source = source
    }

    /// An error from its fields.
    public init(code: WireErrorCode, message: String, retriable: Bool, details: JSONValue? = nil, source: Source) {
        self.code = code
        self.message = message
        self.retriable = retriable
        self.details = details
        self.source = source
    }

    /// The wire error fields, e.g. to answer an upstream caller with a downstream failure.
    /// A local cancellation has no wire code and becomes `unavailable`.
    public var wireError: WireError {
        if code == Self.cancelledCode { return WireError(.unavailable, message) }
        return WireError(code: code, message: message, retriable: retriable, details: details)
    }

    public var description: String { "\(code.rawValue) (\(source)): \(message)" }

    /// A connection-level failure: retriable `unavailable`.
    static func transport(_ message: String) -> RPCError {
        RPCError(WireError(.unavailable, message), source: .transport)
    }

    static func deadlineExceeded(_ message: String = "the call's deadline passed") -> RPCError {
        RPCError(WireError(.deadlineExceeded, message), source: .local)
    }

    static let cancelled = RPCError(
        code: cancelledCode, message: "the call was cancelled", retriable: false, source: .local
    )
}

/// A handler that lets a downstream failure propagate answers its caller with the same code, so
/// `unavailable` stays retriable upstream instead of becoming `internal`.
extension RPCError: WireErrorConvertible {}
