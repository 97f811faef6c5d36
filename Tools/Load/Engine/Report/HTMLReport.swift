import Foundation

/// The self-contained HTML report of a run: tables and inline SVG charts, no script and no external
/// asset, so it opens offline in any browser. It is well-formed XHTML, so a strict XML parser can
/// check every report the tool writes.
public enum HTMLReport {
    /// The report of `results`.
    public static func render(_ results: LoadResults) -> String {
        var html = """
            <!DOCTYPE html>
            <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
            <head><meta charset="utf-8"/><title>till-load: \(XMLText.escape(results.method))</title>
            <style>\(Self.style)</style></head>
            <body>
            <h1>till-load — \(XMLText.escape(results.method))</h1>
            <p class="meta">Started \(XMLText.escape(Self.timestamp(results.startedAt))), \
            \(Format.fixed(results.durationSeconds, decimals: 1)) s measured (warm-up excluded).</p>

            """
        html += Self.headline(results)
        html += "<h2>Latency</h2>\n<p class=\"meta\">Open loop measures from each request's intended send time "
            + "(coordinated-omission corrected); closed loop from its actual send time.</p>\n"
        html += Self.table(
            header: ["percentile", "latency"],
            rows: results.latency.percentiles.map { [Self.percentileLabel($0.percentile), Format.latency(micros: $0.micros)] }
                + [["max", Format.latency(micros: results.latency.maxMicros)]]
        )
        html += Charts.percentileCurve(results) + "\n"
        html += "<h2>Over time</h2>\n" + Charts.throughput(results) + "\n" + Charts.p99(results) + "\n"
        html += "<h2>Outcomes</h2>\n" + Charts.outcomes(results) + "\n"
        if !results.errors.isEmpty {
            html += Self.table(header: ["error code", "count"], rows: results.errors.sorted { $0.value > $1.value }.map { [$0.key, String($0.value)] })
        }
        html += "<h2>Latency by scenario</h2>\n"
        html += Self.table(
            header: ["scenario", "answers", "p50", "p99", "p99.9", "max"],
            rows: results.latencyByScenario.sorted { $0.key < $1.key }.map { name, summary in
                [name, String(summary.count), Format.latency(micros: summary.micros(at: 50) ?? 0),
                 Format.latency(micros: summary.micros(at: 99) ?? 0), Format.latency(micros: summary.micros(at: 99.9) ?? 0),
                 Format.latency(micros: summary.maxMicros)]
            }
        )
        if let ramp = results.ramp {
            html += "<h2>Ramp (SLO p99 ≤ \(Format.latency(micros: ramp.sloP99Micros)))</h2>\n"
            html += Self.table(
                header: ["offered /s", "achieved /s", "p99", "errors", "sustained"],
                rows: ramp.steps.map {
                    [Format.number($0.rate), Format.number($0.achieved), Format.latency(micros: $0.p99Micros),
                     Format.fixed($0.errorRate * 100, decimals: 2) + " %", $0.sustained ? "yes" : "no"]
                }
            )
            html += Charts.ramp(ramp) + "\n"
        }
        if let audit = results.audit {
            html += "<h2>Audit: \(audit.passed ? "passed" : "FAILED")</h2>\n"
            html += Self.table(
                header: ["invariant", "verdict", "detail"],
                rows: audit.verdicts.map { [$0.invariant, $0.status == .fail ? "FAIL" : $0.status.rawValue, $0.detail] }
            )
        }
        html += "<h2>Configuration</h2>\n"
        html += Self.table(header: ["setting", "value"], rows: results.configuration.sorted { $0.key < $1.key }.map { [$0.key, $0.value] })
        html += "</body>\n</html>\n"
        return html
    }

    private static func headline(_ results: LoadResults) -> String {
        var cells: [(String, String)] = [
            ("achieved", Format.number(results.achievedRate) + " /s"),
            ("offered", Format.number(results.offeredRate) + " /s"),
            ("p50", Format.latency(micros: results.latency.micros(at: 50) ?? 0)),
            ("p99", Format.latency(micros: results.latency.micros(at: 99) ?? 0)),
            ("p99.9", Format.latency(micros: results.latency.micros(at: 99.9) ?? 0)),
            ("max", Format.latency(micros: results.latency.maxMicros)),
            ("errors", "\(results.failed) of \(results.sent)"),
        ]
        if let rate = results.ramp?.maxSustainableRate {
            cells.insert(("max sustainable", Format.number(rate) + " /s"), at: 0)
        }
        if let audit = results.audit {
            cells.append(("audit", audit.passed ? "passed" : "FAILED"))
        }
        let items = cells.map { "<div class=\"kpi\"><span>\(XMLText.escape($0.0))</span><b>\(XMLText.escape($0.1))</b></div>" }
        return "<div class=\"kpis\">" + items.joined() + "</div>\n"
    }

    static func table(header: [String], rows: [[String]]) -> String {
        var html = "<table><thead><tr>" + header.map { "<th>\(XMLText.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for row in rows {
            html += "<tr>" + row.map { "<td>\(XMLText.escape($0))</td>" }.joined() + "</tr>"
        }
        return html + "</tbody></table>\n"
    }

    static func percentileLabel(_ percentile: Double) -> String {
        "p" + Format.percentile(percentile)
    }

    private static func timestamp(_ unix: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(unix)))
    }

    private static let style = """
        body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px auto;max-width:760px;color:#222}\
        h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}\
        .meta{color:#666;font-size:13px}table{border-collapse:collapse;font-size:13px;margin:8px 0}\
        td,th{border:1px solid #ddd;padding:3px 10px;text-align:left}th{background:#f5f5f5}\
        .kpis{display:flex;flex-wrap:wrap;gap:8px}.kpi{border:1px solid #ddd;border-radius:6px;padding:6px 12px}\
        .kpi span{display:block;color:#666;font-size:12px}.kpi b{font-size:18px}svg{display:block;margin:12px 0}
        """
}
