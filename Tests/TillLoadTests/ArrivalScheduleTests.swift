import Testing
@testable import TillLoad

@Suite("Arrival schedule")
struct ArrivalScheduleTests {
    @Test("request n is due n/rate after the start, computed without drift")
    func offsets() {
        let schedule = ArrivalSchedule(rate: 3)
        #expect(schedule.offset(of: 0) == .zero)
        #expect(schedule.offset(of: 1) == .nanoseconds(333_333_333))
        #expect(schedule.offset(of: 3) == .seconds(1))
        #expect(ArrivalSchedule(rate: 1_000).offset(of: 1_000_000) == .seconds(1_000))
        #expect(ArrivalSchedule(rate: 20_000).offset(of: 7) == .microseconds(350))
    }

    @Test("due counts and stage sizes")
    func counts() {
        let schedule = ArrivalSchedule(rate: 100)
        #expect(schedule.dueCount(at: .milliseconds(-1)) == 0)
        #expect(schedule.dueCount(at: .zero) == 1)
        #expect(schedule.dueCount(at: .milliseconds(9)) == 1)
        #expect(schedule.dueCount(at: .milliseconds(10)) == 2)
        #expect(schedule.count(within: .seconds(1)) == 100)
        #expect(schedule.count(within: .milliseconds(1_005)) == 101)
        #expect(schedule.count(within: .zero) == 0)
        #expect(LoadStage(pacing: .rate(100), duration: .seconds(2)).requestLimit == 200)
        #expect(LoadStage(pacing: .rate(100), duration: .seconds(2), count: 50).requestLimit == 50)
        #expect(LoadStage(pacing: .concurrency(4), duration: .seconds(2)).requestLimit == nil)
    }

    @Test("a ramp steps from the first rate to the last, ending on it")
    func ramp() {
        #expect(RampPlan(from: 100, to: 500, step: 100, stepDuration: .seconds(1)).rates == [100, 200, 300, 400, 500])
        #expect(RampPlan(from: 100, to: 450, step: 100, stepDuration: .seconds(1)).rates == [100, 200, 300, 400, 450])
        #expect(RampPlan(from: 100, to: 100, step: 100, stepDuration: .seconds(1)).rates == [100])
    }

    @Test("rates, ranges and durations parse; nonsense is refused with a message")
    func parsing() throws {
        #expect(try RateSpecification.parse("500") == .constant(500))
        #expect(try RateSpecification.parse("500/s") == .constant(500))
        #expect(try RateSpecification.parse("100..2000") == .range(100, 2_000))
        #expect(try RateSpecification.parse("100...2000") == .range(100, 2_000))
        #expect(throws: RateSpecification.ParseError.self) { try RateSpecification.parse("fast") }
        #expect(throws: RateSpecification.ParseError.self) { try RateSpecification.parse("2000..100") }
        #expect(throws: RateSpecification.ParseError.self) { try RateSpecification.parse("0") }
        #expect(try DurationParser.parse("10s") == .seconds(10))
        #expect(try DurationParser.parse("500ms") == .milliseconds(500))
        #expect(try DurationParser.parse("2m") == .seconds(120))
        #expect(try DurationParser.parse("1.5") == .milliseconds(1_500))
        #expect(throws: DurationParser.ParseError.self) { try DurationParser.parse("soon") }
    }
}
