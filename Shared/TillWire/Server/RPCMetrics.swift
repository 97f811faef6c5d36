import CoreMetrics
import NIOCore
import Synchronization

/// `till_rpc_requests_total{method,code}` and `till_rpc_request_duration_seconds{method}`.
///
/// Labels stay bounded: `method` is a registered method or `unknown`; `code` is `ok` or an error code
/// (the common codes plus the domain codes handlers throw).
final class RPCMetrics: Sendable {
    static let requestsLabel = "till_rpc_requests_total"
    static let durationLabel = "till_rpc_request_duration_seconds"
    static let unknownMethod = "unknown"

    private let byMethod: [String: MethodMetrics]
    private let unknown: MethodMetrics

    init(methods: [String], factory: any MetricsFactory) {
        var byMethod: [String: MethodMetrics] = [:]
        for method in methods { byMethod[method] = MethodMetrics(method: method, factory: factory) }
        self.byMethod = byMethod
        self.unknown = MethodMetrics(method: Self.unknownMethod, factory: factory)
    }

    /// The metrics of `method`, or of `unknown` for a name that is not registered.
    func method(_ name: String?) -> MethodMetrics {
        name.flatMap { byMethod[$0] } ?? unknown
    }
}

/// The counters and timer of one method label; counters per code are created on first use and kept.
final class MethodMetrics: Sendable {
    let method: String
    private let factory: any MetricsFactory
    private let duration: CoreMetrics.Timer
    private let ok: Counter
    private let errors = Mutex<[WireErrorCode: Counter]>([:])

    init(method: String, factory: any MetricsFactory) {
        self.method = method
        self.factory = factory
        self.duration = CoreMetrics.Timer(
            label: RPCMetrics.durationLabel,
            dimensions: [("method", method)],
            preferredDisplayUnit: .seconds,
            factory: factory
        )
        self.ok = Counter(label: RPCMetrics.requestsLabel, dimensions: [("method", method), ("code", "ok")], factory: factory)
    }

    /// Counts one answered request; `code` is `nil` on success. `started` adds a latency sample.
    func record(code: WireErrorCode?, started: NIODeadline?) {
        if let started {
            duration.recordNanoseconds((NIODeadline.now() - started).nanoseconds)
        }
        guard let code else {
            ok.increment()
            return
        }
        let counter = errors.withLock { counters in
            if let existing = counters[code] { return existing }
            let created = Counter(
                label: RPCMetrics.requestsLabel,
                dimensions: [("method", method), ("code", code.rawValue)],
                factory: factory
            )
            counters[code] = created
            return created
        }
        counter.increment()
    }
}
