/// An error that knows its wire form. A handler may throw one; the server answers with ``wireError``.
///
/// Domain error types conform so that the mapping to `code`/`retriable`/`details` is written once,
/// next to the domain error, rather than in every handler.
public protocol WireErrorConvertible: Error {
    /// The error object sent to the caller.
    var wireError: WireError { get }
}

extension WireError: WireErrorConvertible {
    public var wireError: WireError { self }
}
