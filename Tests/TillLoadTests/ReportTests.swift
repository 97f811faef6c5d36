import Foundation
import Testing
@testable import TillLoad

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Results and HTML report")
struct ReportTests {
    static func sampleResults(ramp: Bool = true) -> LoadResults {
        let recorder = LoadRecorder()
        for index in 0..<3_000 {
            let intended = Duration.milliseconds(index)
            recorder.offered(at: intended)
            let outcome: Outcome = switch index % 50 {
            case 0: .failed(code: "overloaded")
            case 1, 2: .answered(state: "compensated")
            default: .answered(state: "completed")
            }
            let latency = Duration.microseconds(2_000 + (index * 7_919) % 40_000)
            recorder.record(Sample(scenario: index % 30 == 0 ? "flaky" : "visa", outcome: outcome, intended: intended, completed: intended + latency))
        }
        let rampSummary = RampSummary(
            sloP99Micros: 100_000,
            steps: [
                .init(rate: 100, achieved: 100, p99Micros: 20_000, errorRate: 0, sustained: true),
                .init(rate: 200, achieved: 199, p99Micros: 40_000, errorRate: 0, sustained: true),
                .init(rate: 300, achieved: 250, p99Micros: 900_000, errorRate: 0.02, sustained: false),
            ],
            maxSustainableRate: 200
        )
        let measurement = LoadRunner.Measurement(
            recorded: recorder.snapshot(), duration: .seconds(3), targetRate: 1_000, ramp: ramp ? rampSummary : nil, nextIndex: 3_000
        )
        var results = LoadResults(
            measurement: measurement, method: "checkout.start", startedAt: 1_764_000_000,
            configuration: ["rate": "1000", "note": "<script>alert('x')</script> & \"quotes\""]
        )
        results.audit = AuditReport(verdicts: [
            .init(invariant: "no saga left running", status: .pass, detail: "2940 sagas checked"),
            .init(invariant: "no order charged twice", status: .fail, detail: "ld-1 <captured 2×>"),
        ])
        return results
    }

    @Test("the report is well-formed XHTML with the four charts as inline SVG and nothing external")
    func htmlIsSelfContained() throws {
        let html = HTMLReport.render(Self.sampleResults())
        let document = try XMLDocument(xmlString: html, options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "html")
        let svgs = try root.nodes(forXPath: "//*[local-name()='svg']")
        #expect(svgs.count == 5) // percentile curve, throughput, latency per second, outcomes, ramp
        let titles = try root.nodes(forXPath: "//*[local-name()='svg']/*[local-name()='title']").compactMap(\.stringValue)
        #expect(titles.contains("Latency by percentile"))
        #expect(titles.contains("Throughput per second"))
        #expect(titles.contains("Answers by outcome"))
        // Lines were drawn, not just axes.
        #expect(try root.nodes(forXPath: "//*[local-name()='polyline']").count >= 5)
        #expect(try root.nodes(forXPath: "//*[local-name()='rect']").count == 3)
        // No script, and no attribute loading anything: the report works offline.
        #expect(try root.nodes(forXPath: "//*[local-name()='script']").isEmpty)
        #expect(try root.nodes(forXPath: "//@src | //@href").isEmpty)
        #expect(!html.contains("<script"))
        // Hostile text is escaped, and the verdicts and headline are there.
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("Audit: FAILED"))
        #expect(html.contains("max sustainable"))
        #expect(html.contains("overloaded"))
    }

    @Test("a report without ramp or audit, and one of an empty run, are still well-formed")
    func minimalReports() throws {
        var results = Self.sampleResults(ramp: false)
        results.audit = nil
        let html = HTMLReport.render(results)
        _ = try XMLDocument(xmlString: html, options: [])
        #expect(!html.contains("Ramp"))
        let empty = LoadResults(
            measurement: .init(recorded: LoadRecorder().snapshot(), duration: .zero, targetRate: nil, ramp: nil, nextIndex: 0),
            method: "orchestrator.ping", startedAt: 0, configuration: [:]
        )
        let root = try #require(try XMLDocument(xmlString: HTMLReport.render(empty), options: []).rootElement())
        #expect(try root.nodes(forXPath: "//*[local-name()='svg']").count == 4)
    }

    @Test("results round-trip through JSON with snake_case fields")
    func json() throws {
        let results = Self.sampleResults()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(results)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"achieved_rate\""))
        #expect(text.contains("\"max_sustainable_rate\":200"))
        #expect(text.contains("\"p99_us\""))
        let decoded = try JSONDecoder().decode(LoadResults.self, from: data)
        #expect(decoded.latency == results.latency)
        #expect(decoded.timeline == results.timeline)
        #expect(decoded.audit == results.audit)
        #expect(decoded.sent == 3_000)
        #expect(decoded.failed == 60)
    }
}
