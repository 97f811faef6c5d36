import TillWire

extension CircuitOpenError: WireErrorConvertible {
    /// `unavailable` (retriable) with `details.retry_after_ms`, so a handler that lets the error
    /// through answers as `WIRE.md` says an open circuit does.
    public var wireError: WireError {
        WireError(
            .unavailable,
            "\(breaker) is unavailable (circuit open)",
            details: ["retry_after_ms": .integer(retryAfterMilliseconds)]
        )
    }
}
