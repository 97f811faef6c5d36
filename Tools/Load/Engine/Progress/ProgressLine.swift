/// One line of live progress: `12s  offered 500/s  achieved 498/s  p50 4.1ms  p99 18ms  errors: unavailable=2`.
public enum ProgressLine {
    /// The line for second `summary.second` (shown as the elapsed whole seconds after it).
    public static func render(_ summary: SecondSummary, phase: String) -> String {
        var line = "\(summary.second + 1)s"
        while line.count < 5 { line += " " }
        line += " \(phase)  offered \(summary.offered)/s  achieved \(summary.completed)/s"
        if summary.completed > 0 {
            line += "  p50 \(Format.latency(micros: summary.p50Micros))  p99 \(Format.latency(micros: summary.p99Micros))"
        }
        if summary.errors.isEmpty {
            line += "  errors 0"
        } else {
            let codes = summary.errors.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            line += "  errors " + codes.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        return line
    }
}
