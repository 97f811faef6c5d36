/// Where breaker state lives. The production store keeps it in Redis (one hash per breaker, one
/// Lua script per operation mirroring ``BreakerStateMachine``) so that every replica shares it;
/// ``InMemoryCircuitBreakerStore`` keeps it in the process.
public protocol CircuitBreakerStore: Sendable {
    /// Runs ``BreakerStateMachine/acquire(now:)`` atomically on the stored state of `breaker`.
    func acquire(breaker: String, configuration: BreakerConfiguration) async throws -> BreakerDecision

    /// Runs ``BreakerStateMachine/record(_:permit:now:)`` atomically on the stored state of `breaker`.
    func record(
        _ outcome: BreakerOutcome,
        permit: BreakerPermit,
        breaker: String,
        configuration: BreakerConfiguration
    ) async throws -> BreakerTransition?

    /// The stored state of `breaker` (``BreakerSnapshot/initial`` if it never saw a call).
    func snapshot(breaker: String) async throws -> BreakerSnapshot
}
