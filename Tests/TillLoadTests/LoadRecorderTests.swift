import Histogram
import Testing
@testable import TillLoad

@Suite("Recording and percentiles")
struct LoadRecorderTests {
    @Test("the percentile spectrum of a known distribution, within HdrHistogram's 0.1 %")
    func percentiles() {
        let recorder = LoadRecorder()
        for micros in 1...10_000 {
            recorder.offered(at: .zero)
            recorder.record(Sample(scenario: "visa", outcome: .answered(state: "completed"), intended: .zero, completed: .microseconds(micros)))
        }
        let summary = LatencySummary(recorder.snapshot().latencies)
        #expect(summary.count == 10_000)
        let expected: [Double: UInt64] = [50: 5_000, 75: 7_500, 90: 9_000, 95: 9_500, 99: 9_900, 99.9: 9_990, 99.99: 9_999]
        for (percentile, micros) in expected {
            let measured = Double(summary.micros(at: percentile) ?? 0)
            #expect(abs(measured - Double(micros)) <= Double(micros) * 0.001 + 1, "p\(percentile): \(measured)")
        }
        #expect(abs(Double(summary.maxMicros) - 10_000) <= 10)
        #expect(abs(summary.meanMicros - 5_000.5) < 10)
        #expect(summary.percentiles.map(\.percentile) == LatencySummary.standardPercentiles)
        // The spectrum rises monotonically to the maximum.
        #expect(summary.spectrum.count > 20)
        #expect(zip(summary.spectrum, summary.spectrum.dropFirst()).allSatisfy { $0.micros <= $1.micros && $0.percentile <= $1.percentile })
        #expect(summary.spectrum.last?.micros == summary.maxMicros)
    }

    @Test("samples land in the second their answer arrived; offers in the second they were due")
    func timeline() {
        let recorder = LoadRecorder()
        recorder.offered(at: .milliseconds(100))
        recorder.offered(at: .milliseconds(900))
        recorder.offered(at: .milliseconds(1_100))
        recorder.record(Sample(scenario: "visa", outcome: .answered(state: "completed"), intended: .milliseconds(100), completed: .milliseconds(400)))
        recorder.record(Sample(scenario: "visa", outcome: .failed(code: "overloaded"), intended: .milliseconds(900), completed: .milliseconds(1_200)))
        recorder.record(Sample(scenario: "flaky", outcome: .answered(state: "compensated"), intended: .milliseconds(1_100), completed: .milliseconds(2_600)))
        let run = recorder.snapshot()
        #expect(run.sent == 3)
        #expect(run.answered == 3)
        #expect(run.failed == 1)
        #expect(run.timeline.map(\.offered) == [2, 1, 0])
        #expect(run.timeline.map(\.completed) == [1, 1, 1])
        #expect(run.timeline.map(\.failed) == [0, 1, 0])
        #expect(run.timeline[1].errors == ["overloaded": 1])
        #expect(abs(Double(run.timeline[0].p99Micros) - 300_000) <= 3_000)
        #expect(run.outcomes == ["completed": 1, "error": 1, "compensated": 1])
        #expect(Set(run.byScenario.keys) == ["visa", "flaky"])
        #expect(run.lastCompletion == .milliseconds(2_600))
        #expect(recorder.second(7) == nil)
    }

    @Test("an empty run reports zeros, not a crash")
    func empty() {
        let summary = LatencySummary(LoadRecorder().snapshot().latencies)
        #expect(summary.count == 0)
        #expect(summary.maxMicros == 0)
        #expect(summary.spectrum.isEmpty)
    }

    @Test("progress lines name the second, both rates, percentiles and errors by code")
    func progressLine() throws {
        let recorder = LoadRecorder()
        for _ in 0..<3 { recorder.offered(at: .milliseconds(2_100)) }
        recorder.record(Sample(scenario: "visa", outcome: .answered(state: "completed"), intended: .milliseconds(2_100), completed: .milliseconds(2_104)))
        recorder.record(Sample(scenario: "visa", outcome: .failed(code: "unavailable"), intended: .milliseconds(2_100), completed: .milliseconds(2_200)))
        let line = ProgressLine.render(try #require(recorder.second(2)), phase: "rate 3/s")
        #expect(line.hasPrefix("3s"))
        #expect(line.contains("offered 3/s"))
        #expect(line.contains("achieved 2/s"))
        #expect(line.contains("p99 "))
        #expect(line.contains("unavailable=1"))
    }

    @Test("latencies are formatted for people")
    func formatting() {
        #expect(Format.latency(micros: 850) == "850µs")
        #expect(Format.latency(micros: 12_345) == "12.3ms")
        #expect(Format.latency(micros: 250_000) == "250ms")
        #expect(Format.latency(micros: 1_250_000) == "1.25s")
        #expect(Format.percentile(99.99) == "99.99")
        #expect(Format.percentile(50) == "50")
        #expect(Format.number(1234.0) == "1234")
        #expect(Format.number(12.25) == "12.3")
    }
}
