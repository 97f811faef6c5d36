/// Where a saga stands as a whole.
public enum SagaState: String, Codable, Sendable, Hashable, CaseIterable {
    /// Steps or compensations are still to run.
    case running
    /// Every step succeeded.
    case completed
    /// A step failed and every compensation it needed succeeded.
    case compensated
    /// A compensation kept failing: an operator must fix the cause and re-drive it.
    case failedCompensation = "failed_compensation"

    /// Whether nothing more happens to the saga without an operator.
    public var isTerminal: Bool { self != .running }
}

/// Where one step stands, as shown in a saga's view.
public enum SagaStepState: String, Codable, Sendable, Hashable, CaseIterable {
    case pending
    case running
    case succeeded
    case failed
    case compensating
    case compensated
    case compensationFailed = "compensation_failed"
    /// The saga ended before the step ran.
    case skipped
}
