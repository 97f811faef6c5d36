import Metrics
import Synchronization

/// The breaker metrics of one process: `till_breaker_state{name}` (0 closed, 1 half-open, 2 open:
/// higher is worse) and `till_breaker_transitions_total{name,to}`.
///
/// The gauge shows the state this replica last saw in Redis, so every replica reports the shared
/// state whoever changed it; the counter counts the transitions this replica made, so the sum over
/// replicas is the number of transitions. Metrics are made once per breaker name (one per
/// dependency, a bounded set) and reused.
final class BreakerMetrics: Sendable {
    private struct Handles {
        let state: Gauge
        let transitions: [BreakerState: Counter]
    }

    private let factory: any MetricsFactory
    private let handles = Mutex<[String: Handles]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// Records that `breaker` is in `state`, having just left `from` if this call moved it.
    func observe(breaker: String, state: BreakerState, transitionFrom from: BreakerState?) {
        let handles = handles(for: breaker)
        handles.state.record(Self.gaugeValue(state))
        if from != nil { handles.transitions[state]?.increment() }
    }

    /// The gauge's value for `state`.
    static func gaugeValue(_ state: BreakerState) -> Int64 {
        switch state {
        case .closed: 0
        case .halfOpen: 1
        case .open: 2
        }
    }

    private func handles(for breaker: String) -> Handles {
        handles.withLock { handles in
            if let existing = handles[breaker] { return existing }
            var transitions: [BreakerState: Counter] = [:]
            for state in BreakerState.allCases {
                transitions[state] = Counter(
                    label: "till_breaker_transitions_total",
                    dimensions: [("name", breaker), ("to", state.rawValue)],
                    factory: factory
                )
            }
            let made = Handles(
                state: Gauge(label: "till_breaker_state", dimensions: [("name", breaker)], factory: factory),
                transitions: transitions
            )
            handles[breaker] = made
            return made
        }
    }
}
