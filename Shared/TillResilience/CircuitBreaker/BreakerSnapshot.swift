/// Everything a circuit breaker remembers: the value shared by every replica (stored as one Redis
/// hash per breaker and changed only by the transition scripts that mirror ``BreakerStateMachine``).
public struct BreakerSnapshot: Sendable, Hashable, Codable {
    /// The current state.
    public var state: BreakerState
    /// Consecutive failures counted while closed.
    public var consecutiveFailures: Int
    /// When the breaker last opened (Unix milliseconds); meaningful while open.
    public var openedAt: Int64
    /// When the admitted probe's lease ends (Unix milliseconds); `0` when no probe is in flight.
    public var probeLeaseUntil: Int64
    /// Changes whenever outstanding permits must stop counting: on every state change and for
    /// every probe. An outcome reported under another generation is stale and ignored.
    public var generation: Int64

    /// A breaker that has never seen a call: closed, no failures, generation 0.
    public static let initial = BreakerSnapshot(
        state: .closed, consecutiveFailures: 0, openedAt: 0, probeLeaseUntil: 0, generation: 0
    )

    /// Creates a snapshot from stored fields.
    public init(state: BreakerState, consecutiveFailures: Int, openedAt: Int64, probeLeaseUntil: Int64, generation: Int64) {
        self.state = state
        self.consecutiveFailures = consecutiveFailures
        self.openedAt = openedAt
        self.probeLeaseUntil = probeLeaseUntil
        self.generation = generation
    }
}
