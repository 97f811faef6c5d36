/// The results as text for the terminal: headline, percentiles, scenarios, outcomes, ramp, audit.
public enum TextSummary {
    /// The summary of `results`.
    public static func render(_ results: LoadResults) -> String {
        var lines: [String] = []
        lines.append("== till-load: \(results.method), \(Format.fixed(results.durationSeconds, decimals: 1)) s measured")
        lines.append("sent \(results.sent)  succeeded \(results.succeeded)  failed \(results.failed)  "
            + "offered \(Format.number(results.offeredRate))/s  achieved \(Format.number(results.achievedRate))/s")
        let percentiles = results.latency.percentiles.map { "p\(Format.percentile($0.percentile)) \(Format.latency(micros: $0.micros))" }
        lines.append("latency  " + percentiles.joined(separator: "  ") + "  max \(Format.latency(micros: results.latency.maxMicros))")
        if results.latencyByScenario.count > 1 || results.latencyByScenario.keys.first != "ping" {
            for (scenario, summary) in results.latencyByScenario.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(scenario): \(summary.count) answers, p50 \(Format.latency(micros: summary.micros(at: 50) ?? 0)), "
                    + "p99 \(Format.latency(micros: summary.micros(at: 99) ?? 0)), max \(Format.latency(micros: summary.maxMicros))")
            }
        }
        lines.append("outcomes " + Self.counts(results.outcomes))
        if !results.errors.isEmpty { lines.append("errors   " + Self.counts(results.errors)) }
        if let ramp = results.ramp {
            lines.append("ramp (SLO p99 ≤ \(Format.latency(micros: ramp.sloP99Micros))):")
            for step in ramp.steps {
                lines.append("  \(Format.number(step.rate))/s → achieved \(Format.number(step.achieved))/s, p99 \(Format.latency(micros: step.p99Micros)), "
                    + "errors \(Format.fixed(step.errorRate * 100, decimals: 2)) % \(step.sustained ? "sustained" : "NOT sustained")")
            }
            lines.append("max sustainable throughput: " + (ramp.maxSustainableRate.map { "\(Format.number($0))/s" } ?? "none of the steps"))
        }
        if let audit = results.audit {
            lines.append("audit: \(audit.passed ? "passed" : "FAILED")")
            for verdict in audit.verdicts {
                let mark = switch verdict.status {
                case .pass: "PASS"
                case .fail: "FAIL"
                case .skipped: "SKIP"
                }
                lines.append("  \(mark)  \(verdict.invariant) — \(verdict.detail)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func counts(_ values: [String: Int]) -> String {
        values.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}
