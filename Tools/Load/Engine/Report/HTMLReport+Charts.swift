import Foundation

extension HTMLReport {
    /// The report's charts, each an inline `<svg>`.
    enum Charts {
        static let blue = "#2f6fdb"
        static let orange = "#e8833a"
        static let green = "#3a9a5b"
        static let red = "#c8413b"
        static let grey = "#8a8a8a"

        /// Latency against percentile on a "nines" axis (90 %, 99 %, 99.9 % equally spaced), as
        /// HdrHistogram plots are read.
        static func percentileCurve(_ results: LoadResults) -> String {
            let points = results.latency.spectrum.compactMap { point -> (x: Double, y: Double)? in
                guard point.percentile < 99.9999 else { return nil }
                return (nines(point.percentile), Double(point.micros) / 1_000)
            }
            let maxNines = max(3, min(5, (points.map(\.x).max() ?? 3).rounded(.up)))
            let ticks = (0...Int(maxNines)).map { nine in
                LineChart.Tick(value: Double(nine), label: ["0%", "90%", "99%", "99.9%", "99.99%", "99.999%"][nine])
            }
            return LineChart(
                title: "Latency by percentile", xLabel: "percentile", yLabel: "latency (ms)",
                series: [.init(name: "all answers", color: blue, points: points)], xTicks: ticks
            ).render()
        }

        /// Offered and achieved requests per second.
        static func throughput(_ results: LoadResults) -> String {
            LineChart(
                title: "Throughput per second", xLabel: "second", yLabel: "requests/s",
                series: [
                    .init(name: "offered", color: grey, points: results.timeline.map { (Double($0.second), Double($0.offered)) }),
                    .init(name: "achieved", color: blue, points: results.timeline.map { (Double($0.second), Double($0.completed)) }),
                    .init(name: "errors", color: red, points: results.timeline.map { (Double($0.second), Double($0.failed)) }),
                ]
            ).render()
        }

        /// p50 and p99 of the answers of each second.
        static func p99(_ results: LoadResults) -> String {
            let answered = results.timeline.filter { $0.completed > 0 }
            return LineChart(
                title: "Latency per second", xLabel: "second", yLabel: "latency (ms)",
                series: [
                    .init(name: "p99", color: orange, points: answered.map { (Double($0.second), Double($0.p99Micros) / 1_000) }),
                    .init(name: "p50", color: blue, points: answered.map { (Double($0.second), Double($0.p50Micros) / 1_000) }),
                ]
            ).render()
        }

        /// One bar per outcome (saga state, or `error`).
        static func outcomes(_ results: LoadResults) -> String {
            let bars = results.outcomes.sorted { $0.value > $1.value }.map { label, count in
                BarChart.Bar(label: label, value: Double(count), color: color(ofOutcome: label))
            }
            return BarChart(title: "Answers by outcome", bars: bars).render()
        }

        /// p99 against offered rate for each ramp step, with the SLO as a line.
        static func ramp(_ ramp: RampSummary) -> String {
            let slo = Double(ramp.sloP99Micros) / 1_000
            let rates = ramp.steps.map(\.rate)
            return LineChart(
                title: "p99 by offered rate", xLabel: "offered requests/s", yLabel: "p99 (ms)",
                series: [
                    .init(name: "p99", color: orange, points: ramp.steps.map { ($0.rate, Double($0.p99Micros) / 1_000) }),
                    .init(name: "SLO", color: red, points: [(rates.min() ?? 0, slo), (rates.max() ?? 1, slo)]),
                ]
            ).render()
        }

        static func color(ofOutcome label: String) -> String {
            switch label {
            case "completed", "ok": green
            case "compensated": orange
            case "error", "failed_compensation": red
            default: grey
            }
        }

        /// −log₁₀(1 − p): 90 % → 1, 99 % → 2, 99.9 % → 3.
        static func nines(_ percentile: Double) -> Double {
            let remainder = max(1e-6, 1 - percentile / 100)
            return -log10(remainder)
        }
    }
}
