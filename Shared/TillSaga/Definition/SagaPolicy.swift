/// How often and how patiently a saga retries, for the state machine.
public struct SagaPolicy: Sendable, Hashable {
    /// Retries of a failing compensation after its first attempt (`compensation_retries`).
    public var compensationRetries: Int
    /// Linear backoff: the wait before compensation retry `n` is `n ×` this.
    public var compensationBackoff: Duration
    /// The first wait before re-running a failed retried-until-success step; doubles each time.
    public var forwardBackoff: Duration
    /// The longest wait between re-runs of a retried-until-success step.
    public var maxForwardBackoff: Duration

    public init(
        compensationRetries: Int = 5,
        compensationBackoff: Duration = .seconds(1),
        forwardBackoff: Duration = .milliseconds(500),
        maxForwardBackoff: Duration = .seconds(30)
    ) {
        precondition(compensationRetries >= 0, "compensation retries cannot be negative")
        self.compensationRetries = compensationRetries
        self.compensationBackoff = compensationBackoff
        self.forwardBackoff = forwardBackoff
        self.maxForwardBackoff = maxForwardBackoff
    }

    /// The wait before compensation attempt `attempt` (2 and up) of the current round.
    func compensationDelay(beforeAttempt attempt: Int) -> Duration {
        compensationBackoff * max(0, attempt - 1)
    }

    /// The wait before forward attempt `attempt` (2 and up) of a retried-until-success step.
    func forwardDelay(beforeAttempt attempt: Int) -> Duration {
        var delay = forwardBackoff
        var n = 2
        while n < attempt, delay < maxForwardBackoff {
            delay = delay * 2
            n += 1
        }
        return min(delay, maxForwardBackoff)
    }
}
