/// Where a checkout saga stands.
public enum SagaState: String, Codable, Sendable, Hashable, CaseIterable {
    /// Steps or compensations are still running (or the saga awaits adoption by a live orchestrator).
    case running
    /// Every step succeeded: paid, shipped, stock committed.
    case completed
    /// A step failed before the pivot and every completed step was undone.
    case compensated
    /// A compensation kept failing; an operator re-drives it with `checkout.recover`.
    case failedCompensation = "failed_compensation"

    /// Whether the saga will not change again on its own.
    public var isTerminal: Bool { self != .running }
}

/// Where one step of a saga stands.
public enum SagaStepState: String, Codable, Sendable, Hashable, CaseIterable {
    /// Not started.
    case pending
    /// Its action is running.
    case running
    /// Its action succeeded.
    case succeeded
    /// Its action failed.
    case failed
    /// Its compensation is running.
    case compensating
    /// Its compensation succeeded.
    case compensated
    /// Its compensation kept failing.
    case compensationFailed = "compensation_failed"
    /// Never run, because an earlier step failed.
    case skipped
}
