/// The transition rules of Till's shared circuit breaker, as a pure state machine.
///
/// The Redis implementation keeps a ``BreakerSnapshot`` per breaker and runs one Lua script per
/// operation — `acquire` and `record` — that performs exactly these transitions with Redis' own
/// clock (`TIME`) as `now`, so every replica sees one state. Keeping the rules here, free of I/O,
/// lets them be tested exhaustively and lets the scripts be checked against them line by line.
///
/// Rules (times in Unix milliseconds):
/// - **closed**: every call is admitted. A failure increments the consecutive-failure count and at
///   `failureThreshold` opens the breaker; a success resets the count.
/// - **open**: calls are refused until `openedAt + recoveryTimeout`; the first call after that
///   turns the breaker half-open and is admitted as the probe.
/// - **half-open**: exactly one probe is in flight at a time. Its success closes the breaker, its
///   failure re-opens it (restarting the recovery timeout), abandoning it frees the slot. A probe
///   that does not report within `probeTimeout` is presumed lost and another probe is admitted.
/// - Every state change and every probe bumps `generation`; an outcome reported with a permit of
///   another generation is stale (the call was admitted before the breaker moved on) and ignored.
public struct BreakerStateMachine: Sendable, Hashable {
    /// The state as it would be stored.
    public private(set) var snapshot: BreakerSnapshot
    /// The thresholds.
    public let configuration: BreakerConfiguration

    /// A machine continuing from `snapshot`.
    public init(snapshot: BreakerSnapshot = .initial, configuration: BreakerConfiguration = BreakerConfiguration()) {
        self.snapshot = snapshot
        self.configuration = configuration
    }

    /// The answer to a caller that wants to make a call at `now`, and the state change it caused.
    public mutating func acquire(now: Int64) -> BreakerDecision {
        switch snapshot.state {
        case .closed:
            let permit = BreakerPermit(
                generation: snapshot.generation, isProbe: false, successIsNoOp: snapshot.consecutiveFailures == 0
            )
            return BreakerDecision(admission: .admitted(permit))
        case .open:
            let reopensAt = snapshot.openedAt + configuration.recoveryTimeoutMilliseconds
            guard now >= reopensAt else {
                return BreakerDecision(admission: .rejected(retryAfterMilliseconds: reopensAt - now))
            }
            snapshot.state = .halfOpen
            return BreakerDecision(admission: .admitted(startProbe(now: now)), transition: BreakerTransition(from: .open, to: .halfOpen))
        case .halfOpen:
            guard snapshot.probeLeaseUntil <= now else {
                return BreakerDecision(admission: .rejected(retryAfterMilliseconds: snapshot.probeLeaseUntil - now))
            }
            return BreakerDecision(admission: .admitted(startProbe(now: now)))
        }
    }

    /// Applies the outcome of a call admitted with `permit`; returns the state change, if any.
    @discardableResult
    public mutating func record(_ outcome: BreakerOutcome, permit: BreakerPermit, now: Int64) -> BreakerTransition? {
        guard permit.generation == snapshot.generation else { return nil }
        switch (snapshot.state, outcome) {
        case (.closed, .success):
            snapshot.consecutiveFailures = 0
            return nil
        case (.closed, .failure):
            snapshot.consecutiveFailures += 1
            guard snapshot.consecutiveFailures >= configuration.failureThreshold else { return nil }
            open(now: now)
            return BreakerTransition(from: .closed, to: .open)
        case (.halfOpen, .success):
            snapshot.state = .closed
            snapshot.consecutiveFailures = 0
            snapshot.probeLeaseUntil = 0
            snapshot.generation += 1
            return BreakerTransition(from: .halfOpen, to: .closed)
        case (.halfOpen, .failure):
            open(now: now)
            return BreakerTransition(from: .halfOpen, to: .open)
        case (.halfOpen, .abandoned):
            snapshot.probeLeaseUntil = 0
            return nil
        case (.closed, .abandoned), (.open, _):
            // No permit carries an open breaker's generation; a cancelled call says nothing.
            return nil
        }
    }

    private mutating func startProbe(now: Int64) -> BreakerPermit {
        snapshot.generation += 1
        snapshot.probeLeaseUntil = now + configuration.probeTimeoutMilliseconds
        return BreakerPermit(generation: snapshot.generation, isProbe: true)
    }

    private mutating func open(now: Int64) {
        snapshot.state = .open
        snapshot.openedAt = now
        snapshot.consecutiveFailures = 0
        snapshot.probeLeaseUntil = 0
        snapshot.generation += 1
    }
}

/// The result of ``BreakerStateMachine/acquire(now:)``.
public struct BreakerDecision: Sendable, Hashable {
    /// Whether the call may go ahead.
    public var admission: BreakerAdmission
    /// The state change the request caused (open → half-open), if any.
    public var transition: BreakerTransition?

    /// Creates a decision.
    public init(admission: BreakerAdmission, transition: BreakerTransition? = nil) {
        self.admission = admission
        self.transition = transition
    }
}

/// A change of breaker state, for logs, metrics and events.
public struct BreakerTransition: Sendable, Hashable {
    /// The state before.
    public var from: BreakerState
    /// The state after.
    public var to: BreakerState

    /// Creates a transition.
    public init(from: BreakerState, to: BreakerState) {
        self.from = from
        self.to = to
    }
}
