import Metrics
import Prometheus

/// The process-wide metrics set-up every Till executable uses: swift-metrics backed by Prometheus.
public enum TillMetrics {
    /// Bucket upper bounds for timers, exported in seconds: 0.25 ms (a Redis round trip on
    /// loopback) up to 10 s (the longest step timeout in a saga). Anything slower lands in `+Inf`.
    public static let timerBuckets: [Duration] = [
        .microseconds(250), .microseconds(500),
        .milliseconds(1), .microseconds(2500), .milliseconds(5),
        .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Installs a Prometheus backend for swift-metrics and returns the registry that the admin
    /// server's `/metrics` route exposes.
    ///
    /// Call it once, in `main` (swift-metrics allows one bootstrap per process; a second call
    /// traps). Libraries never call it: they create their metrics through swift-metrics' API.
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(self.makeFactory(registry: registry))
        return registry
    }

    /// The factory ``bootstrap()`` installs, writing into `registry`; tests use one directly.
    ///
    /// Metric and label names are sanitised by the registry (`till.rpc.requests` is exported as
    /// `till_rpc_requests`); timers become histograms in seconds with ``timerBuckets``.
    public static func makeFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = self.timerBuckets
        return factory
    }
}
