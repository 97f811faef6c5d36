import Testing
@testable import TillLoad

@Suite("Ramp judgement")
struct RampJudgeTests {
    static func step(latencyMillis: Int, failures: Int = 0, unanswered: Int = 0) -> RecordedRun {
        let recorder = LoadRecorder()
        for index in 0..<(100 + unanswered) { recorder.offered(at: .milliseconds(index)) }
        for index in 0..<100 {
            let outcome: Outcome = index < failures ? .failed(code: "overloaded") : .answered(state: "completed")
            recorder.record(Sample(scenario: "visa", outcome: outcome, intended: .zero, completed: .milliseconds(latencyMillis)))
        }
        return recorder.snapshot()
    }

    @Test("a step is sustained only with p99 within the SLO, few errors and every request answered")
    func judge() {
        let stage = LoadStage(pacing: .rate(100), duration: .seconds(1))
        let judge = { (run: RecordedRun) in
            LoadRunner.judge(run, stage: stage, elapsed: .seconds(1), slo: .milliseconds(100), maxErrorRate: 0.01)
        }
        #expect(judge(Self.step(latencyMillis: 50)).sustained)
        #expect(judge(Self.step(latencyMillis: 50)).rate == 100)
        #expect(!judge(Self.step(latencyMillis: 150)).sustained)
        #expect(!judge(Self.step(latencyMillis: 50, failures: 5)).sustained)
        #expect(!judge(Self.step(latencyMillis: 50, unanswered: 10)).sustained)
    }
}
