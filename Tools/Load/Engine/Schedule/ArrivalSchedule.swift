/// When each request of an open-loop stage is meant to be sent: request `n` at `n / rate` seconds
/// after the stage starts, whatever happened to the requests before it.
///
/// This is what makes open-loop latency honest (the coordinated-omission correction of wrk2): a
/// request's latency is measured from its *intended* send time, so a server stall that delays the
/// sender, or piles requests up behind it, shows in the latency of every request it delayed.
public struct ArrivalSchedule: Sendable, Hashable {
    /// Requests per second.
    public let rate: Double

    /// A schedule of `rate` requests per second.
    /// - Precondition: `rate` is positive and finite.
    public init(rate: Double) {
        precondition(rate > 0 && rate.isFinite, "an arrival rate must be positive")
        self.rate = rate
    }

    /// The time of request `index` after the stage's start. Computed from the index, not by
    /// adding intervals, so that rounding never accumulates into a drift of the rate.
    public func offset(of index: Int) -> Duration {
        let nanoseconds = (Double(index) * 1e9 / self.rate).rounded(.down)
        return .nanoseconds(Int64(nanoseconds))
    }

    /// How many requests are due by `elapsed` after the start: those whose offset is not after it.
    public func dueCount(at elapsed: Duration) -> Int {
        guard elapsed >= .zero else { return 0 }
        return Int((elapsed.secondsValue * self.rate).rounded(.down)) + 1
    }

    /// How many requests fall inside a stage of `duration`: those whose offset is before its end.
    public func count(within duration: Duration) -> Int {
        guard duration > .zero else { return 0 }
        let exact = duration.secondsValue * self.rate
        let whole = exact.rounded(.down)
        return Int(whole == exact ? whole : whole + 1)
    }
}

extension Duration {
    /// The duration in seconds, as a `Double` (for rates and reports, never for money).
    public var secondsValue: Double {
        let (seconds, attoseconds) = self.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// The duration in whole microseconds, rounded down; negative durations count as zero.
    public var wholeMicroseconds: UInt64 {
        let (seconds, attoseconds) = self.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        return UInt64(seconds) * 1_000_000 + UInt64(attoseconds / 1_000_000_000_000)
    }
}
