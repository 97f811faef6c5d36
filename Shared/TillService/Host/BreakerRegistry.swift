import Synchronization
import TillResilience

/// The circuit breakers a service reports in `<service>.health`.
public final class BreakerRegistry: Sendable {
    private let breakers = Mutex<[CircuitBreaker]>([])

    init() {}

    /// Adds `breaker` to the health report.
    public func monitor(_ breaker: CircuitBreaker) {
        breakers.withLock { $0.append(breaker) }
    }

    /// Each breaker's state by name; `unknown` when its state cannot be read (Redis down).
    func states() async -> [String: String] {
        var states: [String: String] = [:]
        for breaker in breakers.withLock({ $0 }) {
            states[breaker.name] = (try? await breaker.currentState().rawValue) ?? "unknown"
        }
        return states
    }
}
