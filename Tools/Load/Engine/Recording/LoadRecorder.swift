import Histogram
import Synchronization

/// Collects the samples of a run: latency histograms (overall and per scenario), outcomes, errors
/// and a per-second timeline. Thread-safe; recording is a few hundred nanoseconds under a lock.
public final class LoadRecorder: SampleSink {
    private struct State {
        var sent = 0
        var latencies = LatencyHistogram.make()
        var byScenario: [String: Histogram<UInt64>] = [:]
        var outcomes: [String: Int] = [:]
        var errors: [String: Int] = [:]
        var seconds: [SecondBucket] = []
        var lastCompletion: Duration = .zero

        mutating func bucket(_ offset: Duration) -> Int {
            let index = max(0, Int(offset.secondsValue.rounded(.down)))
            while self.seconds.count <= index { self.seconds.append(SecondBucket()) }
            return index
        }
    }

    private let state = Mutex(State())

    /// An empty recorder.
    public init() {}

    public func offered(at intended: Duration) {
        self.state.withLock { state in
            state.sent += 1
            let index = state.bucket(intended)
            state.seconds[index].offered += 1
        }
    }

    public func record(_ sample: Sample) {
        let latency = sample.latency
        self.state.withLock { state in
            state.latencies.record(latency: latency)
            state.byScenario[sample.scenario, default: LatencyHistogram.make()].record(latency: latency)
            state.outcomes[sample.outcome.label, default: 0] += 1
            let index = state.bucket(sample.completed)
            state.seconds[index].completed += 1
            state.seconds[index].latencies.record(latency: latency)
            if let code = sample.outcome.errorCode {
                state.errors[code, default: 0] += 1
                state.seconds[index].errors[code, default: 0] += 1
            }
            state.lastCompletion = max(state.lastCompletion, sample.completed)
        }
    }

    /// The summary of second `index` of the run, if anything happened in it.
    public func second(_ index: Int) -> SecondSummary? {
        self.state.withLock { state in
            guard index >= 0, index < state.seconds.count else { return nil }
            return SecondSummary(second: index, bucket: state.seconds[index])
        }
    }

    /// How many requests were offered so far.
    public var sentCount: Int { self.state.withLock { $0.sent } }

    /// Everything recorded so far.
    public func snapshot() -> RecordedRun {
        self.state.withLock { state in
            RecordedRun(
                sent: state.sent,
                latencies: state.latencies,
                byScenario: state.byScenario,
                outcomes: state.outcomes,
                errors: state.errors,
                timeline: state.seconds.enumerated().map { SecondSummary(second: $0.offset, bucket: $0.element) },
                lastCompletion: state.lastCompletion
            )
        }
    }
}

/// What a ``LoadRecorder`` holds, copied out.
public struct RecordedRun: Sendable {
    /// Requests offered.
    public var sent: Int
    /// Every answer's latency, in microseconds.
    public var latencies: Histogram<UInt64>
    /// Latencies per scenario.
    public var byScenario: [String: Histogram<UInt64>]
    /// Answers per outcome label (`completed`, `compensated`, `error`, …).
    public var outcomes: [String: Int]
    /// Failures per error code.
    public var errors: [String: Int]
    /// One entry per second of the run.
    public var timeline: [SecondSummary]
    /// When the last answer arrived, after the run's start.
    public var lastCompletion: Duration

    /// Answers of any outcome.
    public var answered: Int { Int(self.latencies.totalCount) }
    /// Failed calls.
    public var failed: Int { self.errors.values.reduce(0, +) }
}

/// One second of the timeline.
public struct SecondSummary: Sendable, Hashable, Codable {
    /// The second's index from the run's start.
    public var second: Int
    /// Requests due in this second.
    public var offered: Int
    /// Answers that arrived in it.
    public var completed: Int
    /// Failures that arrived in it.
    public var failed: Int
    /// Median latency of its answers (µs; 0 when none).
    public var p50Micros: UInt64
    /// 99th percentile latency of its answers (µs; 0 when none).
    public var p99Micros: UInt64
    /// Its failures by error code.
    public var errors: [String: Int]

    init(second: Int, bucket: SecondBucket) {
        self.second = second
        self.offered = bucket.offered
        self.completed = bucket.completed
        self.failed = bucket.errors.values.reduce(0, +)
        let empty = bucket.latencies.totalCount == 0
        self.p50Micros = empty ? 0 : bucket.latencies.valueAtPercentile(50)
        self.p99Micros = empty ? 0 : bucket.latencies.valueAtPercentile(99)
        self.errors = bucket.errors
    }

    private enum CodingKeys: String, CodingKey {
        case second, offered, completed, failed, errors
        case p50Micros = "p50_us"
        case p99Micros = "p99_us"
    }
}
