import Histogram

/// The histograms the load client records into: microseconds, up to ten minutes.
public enum LatencyHistogram {
    /// The largest latency recorded exactly; anything slower is recorded as this.
    public static let highestMicros: UInt64 = 600_000_000

    /// A histogram for a whole run or one latency class: three significant digits (0.1%).
    public static func make() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: highestMicros, numberOfSignificantValueDigits: .three)
    }

    /// A histogram for one second of the timeline: two significant digits (1%) keep a long run's
    /// timeline small (about 15 KB per second).
    public static func makeCoarse() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: highestMicros, numberOfSignificantValueDigits: .two)
    }
}

extension Histogram<UInt64> {
    /// Records `latency` in microseconds, clamped to the trackable range.
    mutating func record(latency: Duration) {
        let micros = Swift.min(Swift.max(latency.wholeMicroseconds, 1), LatencyHistogram.highestMicros)
        _ = self.record(micros)
    }
}
