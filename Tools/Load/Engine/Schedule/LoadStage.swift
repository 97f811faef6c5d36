/// One stretch of a run with a single way of offering load.
public struct LoadStage: Sendable, Hashable {
    /// How requests are offered.
    public enum Pacing: Sendable, Hashable {
        /// Open loop: a constant arrival rate (requests per second), independent of the answers.
        case rate(Double)
        /// Closed loop: this many requests in flight, each sent when the previous one answered.
        case concurrency(Int)
    }

    /// How requests are offered.
    public var pacing: Pacing
    /// The stage ends after this long (no new request is sent after it)...
    public var duration: Duration?
    /// ...or after this many requests, whichever comes first. At least one of the two is set.
    public var count: Int?
    /// A warm-up stage loads the target but its samples are not part of the results.
    public var isWarmup: Bool

    /// A stage; without a duration or count it would never end, so one of them is required.
    /// - Precondition: `duration` or `count` is set.
    public init(pacing: Pacing, duration: Duration?, count: Int? = nil, isWarmup: Bool = false) {
        precondition(duration != nil || count != nil, "a stage needs a duration or a count")
        self.pacing = pacing
        self.duration = duration
        self.count = count
        self.isWarmup = isWarmup
    }

    /// The most requests the stage can send, if it is bounded by count or is open loop.
    public var requestLimit: Int? {
        switch (self.pacing, self.duration, self.count) {
        case (.rate(let rate), .some(let duration), let count):
            let byTime = ArrivalSchedule(rate: rate).count(within: duration)
            return count.map { min($0, byTime) } ?? byTime
        case (_, _, let count): return count
        }
    }

    /// `rate 500/s` or `concurrency 16`, for progress lines and reports.
    public var pacingDescription: String {
        switch self.pacing {
        case .rate(let rate): "rate \(Format.number(rate))/s"
        case .concurrency(let concurrency): "concurrency \(concurrency)"
        }
    }
}
