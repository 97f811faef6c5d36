/// The role a step plays in the saga's recovery strategy.
public enum SagaStepKind: Sendable, Hashable {
    /// A step before the pivot: if it or a later step before the pivot fails, it is compensated.
    case compensatable
    /// The point of no return: once it succeeds the saga only goes forward. If it fails, the
    /// steps before it are compensated; it has no compensation of its own.
    case pivot
    /// A step after the pivot: it cannot fail for business reasons, so it is retried (with
    /// backoff) until it succeeds.
    case retriedUntilSuccess
}
