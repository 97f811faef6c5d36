import Histogram

/// Runs a ``LoadPlan`` against a target: the warm-up, then the measured stage or the ramp.
public enum LoadRunner {
    /// What the measured part of a run recorded.
    public struct Measurement: Sendable {
        /// Every measured sample.
        public var recorded: RecordedRun
        /// From the measured part's start to its last answer.
        public var duration: Duration
        /// The open-loop rate asked for (the last ramp step's), or nil for closed loop.
        public var targetRate: Double?
        /// The ramp's steps, if the plan was a ramp.
        public var ramp: RampSummary?
        /// The number of the first request after the run (requests `0..<nextIndex` were sent).
        public var nextIndex: Int

        /// A measurement.
        public init(recorded: RecordedRun, duration: Duration, targetRate: Double?, ramp: RampSummary?, nextIndex: Int) {
            self.recorded = recorded
            self.duration = duration
            self.targetRate = targetRate
            self.ramp = ramp
            self.nextIndex = nextIndex
        }
    }

    /// Runs `plan`; progress, if given, follows the current phase.
    public static func run(_ plan: LoadPlan, target: some LoadTarget, progress: ProgressReporter? = nil) async -> Measurement {
        let clock = ContinuousClock()
        var nextIndex = 0
        if let warmup = plan.warmup {
            let start = clock.now
            let recorder = LoadRecorder()
            progress?.follow(recorder, phase: "warmup", start: start)
            let driver = LoadDriver(runStart: start, firstIndex: nextIndex, maxInFlight: plan.maxInFlight)
            await driver.run(warmup, target: target, sink: recorder)
            nextIndex = driver.nextIndex
        }
        let start = clock.now
        let recorder = LoadRecorder()
        let driver = LoadDriver(runStart: start, firstIndex: nextIndex, maxInFlight: plan.maxInFlight)
        var ramp: RampSummary?
        var targetRate: Double?
        switch plan.body {
        case .single(let stage):
            progress?.follow(recorder, phase: stage.pacingDescription, start: start)
            await driver.run(stage, target: target, sink: recorder)
            if case .rate(let rate) = stage.pacing { targetRate = rate }
        case .ramp(let rampPlan, let slo, let maxErrorRate):
            var steps: [RampSummary.Step] = []
            for stage in rampPlan.stages {
                guard !Task.isCancelled else { break }
                let stepRecorder = LoadRecorder()
                let stepStart = clock.now
                progress?.follow(recorder, phase: stage.pacingDescription, start: start)
                await driver.run(stage, target: target, sink: FanOutSink([recorder, stepRecorder]))
                let step = Self.judge(stepRecorder.snapshot(), stage: stage, elapsed: clock.now - stepStart, slo: slo, maxErrorRate: maxErrorRate)
                steps.append(step)
                if case .rate(let rate) = stage.pacing { targetRate = rate }
                if !step.sustained { break }
            }
            let sustained = steps.prefix { $0.sustained }.last?.rate
            ramp = RampSummary(sloP99Micros: slo.wholeMicroseconds, steps: steps, maxSustainableRate: sustained)
        }
        let recorded = recorder.snapshot()
        return Measurement(
            recorded: recorded,
            duration: max(recorded.lastCompletion, clock.now - start),
            targetRate: targetRate,
            ramp: ramp,
            nextIndex: driver.nextIndex
        )
    }

    /// A ramp step is sustained when its p99 meets the SLO, few calls failed, and the client got
    /// (nearly) the answers it offered — a server that falls behind does not pass by answering late.
    static func judge(_ step: RecordedRun, stage: LoadStage, elapsed: Duration, slo: Duration, maxErrorRate: Double) -> RampSummary.Step {
        let rate: Double = if case .rate(let rate) = stage.pacing { rate } else { 0 }
        let p99 = step.answered > 0 ? step.latencies.valueAtPercentile(99) : 0
        let errorRate = step.sent > 0 ? Double(step.failed) / Double(step.sent) : 0
        let seconds = max(elapsed.secondsValue, 1e-9)
        let achieved = Double(step.answered - step.failed) / seconds
        let sustained = step.answered > 0 && p99 <= slo.wholeMicroseconds && errorRate <= maxErrorRate
            && step.answered >= step.sent
        return RampSummary.Step(rate: rate, achieved: achieved, p99Micros: p99, errorRate: errorRate, sustained: sustained)
    }
}
