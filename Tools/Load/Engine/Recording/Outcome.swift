/// How one request ended, as the load client saw it.
public enum Outcome: Sendable, Hashable {
    /// The call answered; `state` is the saga's state (`completed`, `compensated`, …) or `ok`.
    case answered(state: String)
    /// The call failed with this wire error code (a server's, `unavailable` for a transport
    /// failure, `deadline_exceeded` when the client gave up).
    case failed(code: String)

    /// `completed`, `compensated`, … or `error`: the bar of the outcome chart it belongs to.
    public var label: String {
        switch self {
        case .answered(let state): state
        case .failed: "error"
        }
    }

    /// The error code, if the call failed.
    public var errorCode: String? {
        if case .failed(let code) = self { return code }
        return nil
    }
}

/// One request's measurement.
public struct Sample: Sendable, Hashable {
    /// The latency class: the workload scenario (`visa`, `flaky`, `duplicate`, `ping`).
    public var scenario: String
    /// How it ended.
    public var outcome: Outcome
    /// When it was meant to be sent, after the run's start (open loop: its scheduled time; closed
    /// loop: when it was actually sent, since nothing was scheduled).
    public var intended: Duration
    /// When its answer arrived, after the run's start.
    public var completed: Duration

    /// A sample.
    public init(scenario: String, outcome: Outcome, intended: Duration, completed: Duration) {
        self.scenario = scenario
        self.outcome = outcome
        self.intended = intended
        self.completed = completed
    }

    /// From the intended send time to the answer: the latency a user of the system would have seen.
    public var latency: Duration { max(.zero, self.completed - self.intended) }
}
