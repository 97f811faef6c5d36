import Metrics
import TillPayments

/// `till_webhook_deliveries_total{status}`: one counter per answer (`processed`, `duplicate`,
/// `in_progress`, `failed`, and `rejected_<reason>` for the four verification failures), made
/// once, so the label set stays bounded whatever the gateway sends.
struct WebhookMetrics: Sendable {
    private let counters: [String: Counter]

    init(factory: any MetricsFactory = MetricsSystem.factory) {
        let statuses = ["processed", "duplicate", "in_progress", "failed", "rejected_missing_header", "rejected_malformed_header",
                        "rejected_no_matching_signature", "rejected_timestamp_outside_tolerance"]
        var counters: [String: Counter] = [:]
        for status in statuses {
            counters[status] = Counter(label: "till_webhook_deliveries_total", dimensions: [("status", status)], factory: factory)
        }
        self.counters = counters
    }

    func record(_ response: WebhookResponse) {
        let status: String
        switch response {
        case .processed: status = "processed"
        case .duplicate: status = "duplicate"
        case .inProgress: status = "in_progress"
        case .failed: status = "failed"
        case .rejected(let error): status = "rejected_\(error.reason)"
        }
        counters[status]?.increment()
    }
}
