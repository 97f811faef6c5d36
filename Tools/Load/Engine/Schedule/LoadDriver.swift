import Synchronization

/// Sends one stage's requests to a target and reports them to a sink.
///
/// Open loop follows an ``ArrivalSchedule`` and never waits for answers (beyond the in-flight
/// bound); closed loop keeps `concurrency` requests in flight. Requests are numbered across the
/// stages of a run, so that a workload never builds the same order twice.
public struct LoadDriver: Sendable {
    /// The instant all sample times are measured from.
    public let runStart: ContinuousClock.Instant
    /// Requests in flight at most, in open loop.
    public let maxInFlight: Int
    private let numbering: RequestNumbering

    /// The open loop wakes up at most once per this interval and sends every request due by then.
    static let wakeQuantum: Duration = .milliseconds(1)

    /// A driver whose sample times count from `runStart` and whose first request is number `firstIndex`.
    public init(runStart: ContinuousClock.Instant, firstIndex: Int = 0, maxInFlight: Int = 10_000) {
        precondition(maxInFlight > 0, "maxInFlight must be positive")
        self.runStart = runStart
        self.maxInFlight = maxInFlight
        self.numbering = RequestNumbering(first: firstIndex)
    }

    /// Runs `stage` to its end (duration or count) and waits for its answers.
    /// - Returns: how many requests the stage sent.
    @discardableResult
    public func run(_ stage: LoadStage, target: some LoadTarget, sink: some SampleSink) async -> Int {
        switch stage.pacing {
        case .rate(let rate):
            await self.runOpenLoop(ArrivalSchedule(rate: rate), limit: stage.requestLimit ?? 0, target: target, sink: sink)
        case .concurrency(let concurrency):
            await self.runClosedLoop(concurrency, stage: stage, target: target, sink: sink)
        }
    }

    /// The number the next request will get: the first number free for a later driver.
    public var nextIndex: Int { self.numbering.issued }

    private func runOpenLoop(_ schedule: ArrivalSchedule, limit: Int, target: some LoadTarget, sink: some SampleSink) async -> Int {
        let clock = ContinuousClock()
        let stageStart = clock.now
        let limiter = InFlightLimiter(limit: self.maxInFlight)
        let runStart = self.runStart
        var sent = 0
        var lastWake = stageStart
        await withDiscardingTaskGroup { group in
            for position in 0..<limit {
                let due = stageStart + schedule.offset(of: position)
                // Several requests may be due at once (a late wake-up, or a rate above one per
                // wake-up quantum): they go out back to back, so the rate holds on average and the
                // delay shows in their latency. One timer per request would cost more CPU than
                // the request itself at 20,000/s.
                if due > clock.now {
                    let wake = max(due, lastWake + Self.wakeQuantum)
                    do { try await clock.sleep(until: wake, tolerance: nil) } catch { break }
                    lastWake = clock.now
                }
                if Task.isCancelled { break }
                let intended = due - runStart
                sink.offered(at: intended)
                await limiter.acquire()
                let index = self.numbering.next()
                sent += 1
                group.addTask {
                    let (scenario, outcome) = await target.send(index)
                    sink.record(Sample(scenario: scenario, outcome: outcome, intended: intended, completed: clock.now - runStart))
                    limiter.release()
                }
            }
        }
        return sent
    }

    private func runClosedLoop(_ concurrency: Int, stage: LoadStage, target: some LoadTarget, sink: some SampleSink) async -> Int {
        let clock = ContinuousClock()
        let end = stage.duration.map { clock.now + $0 }
        let quota = StageQuota(limit: stage.count)
        let runStart = self.runStart
        await withDiscardingTaskGroup { group in
            for _ in 0..<max(1, concurrency) {
                group.addTask {
                    while !Task.isCancelled {
                        if let end, clock.now >= end { break }
                        guard quota.claim() else { break }
                        let index = self.numbering.next()
                        let sentAt = clock.now - runStart
                        sink.offered(at: sentAt)
                        let (scenario, outcome) = await target.send(index)
                        sink.record(Sample(scenario: scenario, outcome: outcome, intended: sentAt, completed: clock.now - runStart))
                    }
                }
            }
        }
        return quota.claimed
    }
}

/// Hands out request numbers across the stages of a run.
final class RequestNumbering: Sendable {
    private let counter: Atomic<Int>

    init(first: Int) {
        self.counter = Atomic(first)
    }

    func next() -> Int {
        self.counter.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    var issued: Int { self.counter.load(ordering: .relaxed) }
}

/// The closed-loop workers' shared request budget for one stage.
final class StageQuota: Sendable {
    private let limit: Int?
    private let counter = Atomic<Int>(0)

    init(limit: Int?) {
        self.limit = limit
    }

    /// Takes one request from the budget; false once it is spent.
    func claim() -> Bool {
        let taken = self.counter.wrappingAdd(1, ordering: .relaxed).oldValue
        guard let limit = self.limit else { return true }
        return taken < limit
    }

    /// Requests claimed within the budget.
    var claimed: Int {
        let taken = self.counter.load(ordering: .relaxed)
        return self.limit.map { min($0, taken) } ?? taken
    }
}
