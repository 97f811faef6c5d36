import Logging

/// Guards calls to one dependency with a breaker whose state lives in a ``CircuitBreakerStore``.
///
/// A call first asks the store for a permit (refused → ``CircuitOpenError`` without calling the
/// dependency), then reports how it ended. Only failures of the dependency count against it:
/// by default errors that are retriable (network, timeout, `unavailable`); a card decline is the
/// gateway working, and a cancelled call says nothing either way.
public struct CircuitBreaker: Sendable {
    /// The breaker's name: one per dependency (`gateway`, `carrier`), never per request.
    public let name: String
    /// The thresholds.
    public let configuration: BreakerConfiguration
    private let store: any CircuitBreakerStore
    private let logger: Logger

    /// Creates a breaker named `name` over `store`.
    public init(
        name: String,
        configuration: BreakerConfiguration = BreakerConfiguration(),
        store: any CircuitBreakerStore,
        logger: Logger
    ) {
        self.name = name
        self.configuration = configuration
        self.store = store
        self.logger = logger
    }

    /// Runs `operation` if the breaker admits it and reports its outcome.
    ///
    /// - Parameter isFailure: Which errors count as failures of the dependency.
    /// - Throws: ``CircuitOpenError`` when refused; the store's error when the state cannot be read;
    ///   otherwise whatever `operation` throws. A failure to *record* an outcome is logged, not
    ///   thrown: the caller's result is more important than the breaker's bookkeeping.
    public func run<Result>(
        isFailure: (any Error) -> Bool = { RetryClassification.isRetriable($0) },
        operation: () async throws -> Result
    ) async throws -> Result {
        let decision = try await store.acquire(breaker: name, configuration: configuration)
        log(decision.transition)
        let permit: BreakerPermit
        switch decision.admission {
        case .admitted(let admitted):
            permit = admitted
        case .rejected(let retryAfter):
            throw CircuitOpenError(breaker: name, retryAfterMilliseconds: retryAfter)
        }
        do {
            let result = try await operation()
            if !permit.successIsNoOp { await report(.success, permit: permit) }
            return result
        } catch is CancellationError {
            await report(.abandoned, permit: permit)
            throw CancellationError()
        } catch {
            if isFailure(error) {
                await report(.failure, permit: permit)
            } else if !permit.successIsNoOp {
                await report(.success, permit: permit)
            }
            throw error
        }
    }

    private func report(_ outcome: BreakerOutcome, permit: BreakerPermit) async {
        do {
            let transition = try await store.record(outcome, permit: permit, breaker: name, configuration: configuration)
            log(transition)
        } catch {
            logger.info(
                "Circuit breaker outcome not recorded",
                metadata: ["breaker.name": "\(name)", "breaker.outcome": "\(outcome.rawValue)", "error": "\(error)"]
            )
        }
    }

    private func log(_ transition: BreakerTransition?) {
        guard let transition else { return }
        logger.info(
            "Circuit breaker changed state",
            metadata: [
                "breaker.name": "\(name)",
                "breaker.from": "\(transition.from.rawValue)",
                "breaker.to": "\(transition.to.rawValue)",
            ]
        )
    }
}

extension CircuitBreaker {
    /// The state as stored now (for health reports; a lapsed open state shows as `open` until the
    /// next call moves it to half-open).
    public func currentState() async throws -> BreakerState {
        try await store.snapshot(breaker: name).state
    }
}
