import Metrics
import Prometheus
import Testing
import TillObservability

@Suite("TillMetrics")
struct TillMetricsTests {
    @Test func exportsCountersAndTimerHistogramsInSeconds() {
        let registry = PrometheusCollectorRegistry()
        let factory = TillMetrics.makeFactory(registry: registry)

        let requests = Counter(label: "till.rpc.requests", dimensions: [("method", "inventory.reserve")], factory: factory)
        requests.increment(by: 3)
        let latency = Metrics.Timer(label: "till.rpc.latency", dimensions: [("method", "inventory.reserve")], factory: factory)
        latency.recordMilliseconds(3)
        latency.recordMilliseconds(30_000)

        let text = registry.emitToString()
        #expect(text.contains("# TYPE till_rpc_requests counter\n"))
        #expect(text.contains(#"till_rpc_requests{method="inventory.reserve"} 3"#))
        #expect(text.contains("# TYPE till_rpc_latency histogram\n"))
        #expect(text.contains(#"till_rpc_latency_bucket{method="inventory.reserve",le="0.00025"} 0"#))
        #expect(text.contains(#"till_rpc_latency_bucket{method="inventory.reserve",le="0.005"} 1"#))
        #expect(text.contains(#"till_rpc_latency_bucket{method="inventory.reserve",le="10.0"} 1"#))
        #expect(text.contains(#"till_rpc_latency_bucket{method="inventory.reserve",le="+Inf"} 2"#))
        #expect(text.contains(#"till_rpc_latency_sum{method="inventory.reserve"} 30.003"#))
        #expect(text.contains(#"till_rpc_latency_count{method="inventory.reserve"} 2"#))
    }

    @Test func timerBucketsSpanAQuarterMillisecondToTenSecondsInOrder() {
        let buckets = TillMetrics.timerBuckets
        #expect(buckets.first == .microseconds(250))
        #expect(buckets.last == .seconds(10))
        #expect(buckets == buckets.sorted())
        #expect(Set(buckets).count == buckets.count)
    }
}
