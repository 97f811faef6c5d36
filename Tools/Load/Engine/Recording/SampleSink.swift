/// Where a driver reports what it does. Called from many tasks at once.
public protocol SampleSink: Sendable {
    /// A request was due at `intended` (after the run's start): counts toward the offered rate.
    func offered(at intended: Duration)
    /// A request answered (or failed).
    func record(_ sample: Sample)
}

/// Reports to several sinks, e.g. the whole run's recorder and the current ramp step's.
public struct FanOutSink: SampleSink {
    private let sinks: [any SampleSink]

    /// A sink that forwards to each of `sinks`.
    public init(_ sinks: [any SampleSink]) {
        self.sinks = sinks
    }

    public func offered(at intended: Duration) {
        for sink in self.sinks { sink.offered(at: intended) }
    }

    public func record(_ sample: Sample) {
        for sink in self.sinks { sink.record(sample) }
    }
}
