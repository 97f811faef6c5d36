/// The three states of a circuit breaker, spelled as they are stored (`closed`, `open`, `half_open`).
public enum BreakerState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Calls flow; consecutive failures are counted.
    case closed
    /// Calls are refused until the recovery timeout has passed.
    case open
    /// One probe call is admitted; its outcome closes or re-opens the breaker.
    case halfOpen = "half_open"
}
