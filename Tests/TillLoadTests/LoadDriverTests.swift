import Histogram
import Testing
@testable import TillLoad

@Suite("Load driver")
struct LoadDriverTests {
    @Test("open loop keeps sending at its rate while the server stalls, and the stall shows in latency")
    func openLoopHoldsRateThroughStall() async throws {
        let target = StallingTarget()
        let recorder = LoadRecorder()
        let collector = CollectingSink()
        let rate = 200.0
        let stage = LoadStage(pacing: .rate(rate), duration: nil, count: 100)
        let driver = LoadDriver(runStart: ContinuousClock().now)
        let run = Task { await driver.run(stage, target: target, sink: FanOutSink([recorder, collector])) }

        // Every request goes out although none has been answered: the schedule, not the server, paces.
        try await waitUntil("100 requests sent") { target.received.count == 100 }
        #expect(recorder.snapshot().answered == 0)
        target.open()
        let sent = await run.value

        #expect(sent == 100)
        #expect(target.maxInFlight == 100)
        let schedule = ArrivalSchedule(rate: rate)
        // Each request's latency starts at its scheduled time, exactly (the stage starts a little
        // after the driver's zero).
        let stageStart = try #require(collector.offered.first)
        #expect(collector.offered.map { $0 - stageStart } == (0..<100).map { schedule.offset(of: $0) })
        #expect(Set(collector.samples.map { $0.intended - stageStart }) == Set((0..<100).map { schedule.offset(of: $0) }))
        // The gate opened after the last request was due (495 ms), so request i waited at least
        // 495 ms − 5 ms × i: the first ≥ 495 ms, the median ≥ 245 ms. A slow machine only adds.
        let snapshot = recorder.snapshot()
        #expect(snapshot.answered == 100)
        #expect(snapshot.latencies.max >= 494_000)
        #expect(snapshot.latencies.valueAtPercentile(50) >= 244_000)
        #expect(snapshot.errors == ["unavailable": 10])
        #expect(snapshot.outcomes == ["completed": 90, "error": 10])
    }

    @Test("open loop with a full in-flight bound waits for a slot and still counts from the intended time")
    func openLoopInFlightBound() async throws {
        let target = StallingTarget()
        let collector = CollectingSink()
        let stage = LoadStage(pacing: .rate(1_000), duration: nil, count: 20)
        let driver = LoadDriver(runStart: ContinuousClock().now, maxInFlight: 4)
        let run = Task { await driver.run(stage, target: target, sink: collector) }
        try await waitUntil("4 requests in flight") { target.received.count == 4 }
        // The fifth is due (after 4 ms) but has no slot: it is counted as offered, not sent.
        try await waitUntil("the fifth request offered") { collector.offered.count >= 5 }
        #expect(target.received.count == 4)
        target.open()
        #expect(await run.value == 20)
        #expect(target.maxInFlight <= 4)
        let stageStart = try #require(collector.offered.first)
        let last = try #require(collector.samples.first { $0.intended - stageStart == ArrivalSchedule(rate: 1_000).offset(of: 19) })
        #expect(last.completed >= last.intended)
    }

    @Test("closed loop keeps exactly its concurrency in flight and stops at its count")
    func closedLoop() async {
        let target = StallingTarget(open: true)
        let recorder = LoadRecorder()
        let driver = LoadDriver(runStart: ContinuousClock().now, firstIndex: 1_000)
        let sent = await driver.run(LoadStage(pacing: .concurrency(4), duration: nil, count: 40), target: target, sink: recorder)
        #expect(sent == 40)
        #expect(target.maxInFlight <= 4)
        #expect(Set(target.received) == Set(1_000..<1_040))
        #expect(driver.nextIndex >= 1_040)
        #expect(recorder.snapshot().answered == 40)
    }

    @Test("a stage bounded by duration stops by itself")
    func durationBound() async {
        let target = StallingTarget(open: true)
        let recorder = LoadRecorder()
        let driver = LoadDriver(runStart: ContinuousClock().now)
        let sent = await driver.run(LoadStage(pacing: .rate(100), duration: .milliseconds(200)), target: target, sink: recorder)
        #expect(sent == 20)
        let closed = await driver.run(LoadStage(pacing: .concurrency(2), duration: .milliseconds(100)), target: target, sink: recorder)
        #expect(closed > 0)
    }
}
