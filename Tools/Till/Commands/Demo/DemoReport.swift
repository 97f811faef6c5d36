/// What one scenario printed and which of its checks failed.
struct DemoReport: Sendable {
    /// The lines shown under the scenario's heading.
    private(set) var lines: [String] = []
    /// The checks that did not hold.
    private(set) var failures: [String] = []

    /// Whether every check held.
    var passed: Bool { self.failures.isEmpty }

    /// Shows `text` under the scenario.
    mutating func show(_ text: String) {
        self.lines.append("  " + text)
    }

    /// Shows each of `texts`, indented one level further.
    mutating func show(_ texts: [String], indent: String = "  ") {
        for text in texts { self.show(indent + text) }
    }

    /// Records a check: `✓ what` when `holds`, else `✗ what (observed)` and a failure.
    mutating func check(_ holds: Bool, _ what: String, observed: @autoclosure () -> String = "") {
        if holds {
            self.show("✓ " + what)
        } else {
            let detail = observed()
            let line = what + (detail.isEmpty ? "" : " (observed: \(detail))")
            self.show("✗ " + line)
            self.failures.append(line)
        }
    }

    /// Records a step that could not be carried out at all.
    mutating func fail(_ what: String) {
        self.show("✗ " + what)
        self.failures.append(what)
    }
}
