import Histogram

/// A latency distribution as reported: the standard percentiles, max, mean and the full curve.
public struct LatencySummary: Sendable, Hashable, Codable {
    /// One point of the distribution: the latency at or below which `percentile` % of answers fell.
    public struct Point: Sendable, Hashable, Codable {
        /// 0–100.
        public var percentile: Double
        /// Microseconds.
        public var micros: UInt64

        /// A point.
        public init(percentile: Double, micros: UInt64) {
            self.percentile = percentile
            self.micros = micros
        }

        private enum CodingKeys: String, CodingKey {
            case percentile
            case micros = "us"
        }
    }

    /// The percentiles every report lists.
    public static let standardPercentiles: [Double] = [50, 75, 90, 95, 99, 99.9, 99.99]

    /// How many answers the distribution holds.
    public var count: UInt64
    /// p50 … p99.99.
    public var percentiles: [Point]
    /// The slowest answer (µs).
    public var maxMicros: UInt64
    /// The mean (µs).
    public var meanMicros: Double
    /// The HdrHistogram percentile spectrum (5 ticks per half distance), for the curve chart.
    public var spectrum: [Point]

    /// The summary of `histogram` (microseconds).
    public init(_ histogram: Histogram<UInt64>) {
        self.count = histogram.totalCount
        guard histogram.totalCount > 0 else {
            self.percentiles = Self.standardPercentiles.map { Point(percentile: $0, micros: 0) }
            self.maxMicros = 0
            self.meanMicros = 0
            self.spectrum = []
            return
        }
        self.percentiles = Self.standardPercentiles.map { Point(percentile: $0, micros: histogram.valueAtPercentile($0)) }
        self.maxMicros = histogram.max
        self.meanMicros = histogram.mean
        var spectrum: [Point] = []
        for step in histogram.percentiles(ticksPerHalfDistance: 5) {
            let point = Point(percentile: step.percentileLevelIteratedTo, micros: step.value)
            if spectrum.last != point { spectrum.append(point) }
            // The iterator's last step is 100 %; beyond p99.999 nothing new is learnt.
            if step.percentileLevelIteratedTo >= 100 { break }
        }
        self.spectrum = spectrum
    }

    /// The latency at `percentile`, if it is one of the standard ones.
    public func micros(at percentile: Double) -> UInt64? {
        self.percentiles.first { $0.percentile == percentile }?.micros
    }

    private enum CodingKeys: String, CodingKey {
        case count, percentiles, spectrum
        case maxMicros = "max_us"
        case meanMicros = "mean_us"
    }
}
