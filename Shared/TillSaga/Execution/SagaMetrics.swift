import Metrics

/// The saga counters, labelled by saga kind and outcome only (bounded).
struct SagaMetrics: Sendable {
    let started: Counter
    let completed: Counter
    let compensated: Counter
    let failedCompensation: Counter
    let adopted: Counter
    let fenced: Counter

    init(kind: String) {
        let dimensions = [("saga", kind)]
        started = Counter(label: "till_saga_started_total", dimensions: dimensions)
        completed = Counter(label: "till_saga_finished_total", dimensions: dimensions + [("state", "completed")])
        compensated = Counter(label: "till_saga_finished_total", dimensions: dimensions + [("state", "compensated")])
        // The alert pages on this one.
        failedCompensation = Counter(label: "till_saga_failed_compensation_total", dimensions: dimensions)
        adopted = Counter(label: "till_saga_adopted_total", dimensions: dimensions)
        fenced = Counter(label: "till_saga_fenced_total", dimensions: dimensions)
    }

    func finished(_ state: SagaState) {
        switch state {
        case .completed: completed.increment()
        case .compensated: compensated.increment()
        case .failedCompensation: failedCompensation.increment()
        case .running: break
        }
    }
}
