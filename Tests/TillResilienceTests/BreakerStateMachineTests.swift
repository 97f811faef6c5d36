import Testing
import TillResilience

@Suite("BreakerStateMachine")
struct BreakerStateMachineTests {
    static let configuration = BreakerConfiguration(
        failureThreshold: 5, recoveryTimeoutMilliseconds: 30_000, probeTimeoutMilliseconds: 10_000)

    static func snapshot(
        _ state: BreakerState, failures: Int = 0, openedAt: Int64 = 0, probeLeaseUntil: Int64 = 0, generation: Int64 = 7
    ) -> BreakerSnapshot {
        BreakerSnapshot(
            state: state, consecutiveFailures: failures, openedAt: openedAt, probeLeaseUntil: probeLeaseUntil, generation: generation)
    }

    struct AcquireCase: Sendable, CustomTestStringConvertible {
        var name: String
        var before: BreakerSnapshot
        var now: Int64
        var admission: BreakerAdmission
        var transition: BreakerTransition?
        var after: BreakerSnapshot
        var testDescription: String { name }
    }

    static let acquireCases: [AcquireCase] = [
        AcquireCase(
            name: "closed admits a normal call",
            before: snapshot(.closed, failures: 3), now: 1_000,
            admission: .admitted(BreakerPermit(generation: 7, isProbe: false)), transition: nil,
            after: snapshot(.closed, failures: 3)
        ),
        AcquireCase(
            name: "open refuses until the recovery timeout",
            before: snapshot(.open, openedAt: 100_000), now: 120_000,
            admission: .rejected(retryAfterMilliseconds: 10_000), transition: nil,
            after: snapshot(.open, openedAt: 100_000)
        ),
        AcquireCase(
            name: "open turns half-open at the recovery timeout and admits the probe",
            before: snapshot(.open, openedAt: 100_000), now: 130_000,
            admission: .admitted(BreakerPermit(generation: 8, isProbe: true)),
            transition: BreakerTransition(from: .open, to: .halfOpen),
            after: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 140_000, generation: 8)
        ),
        AcquireCase(
            name: "half-open refuses while the probe is in flight",
            before: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 140_000), now: 135_000,
            admission: .rejected(retryAfterMilliseconds: 5_000), transition: nil,
            after: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 140_000)
        ),
        AcquireCase(
            name: "half-open admits a new probe when the last one's lease lapsed",
            before: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 140_000), now: 140_000,
            admission: .admitted(BreakerPermit(generation: 8, isProbe: true)), transition: nil,
            after: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 150_000, generation: 8)
        ),
        AcquireCase(
            name: "half-open admits a probe after the last one was abandoned",
            before: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 0), now: 131_000,
            admission: .admitted(BreakerPermit(generation: 8, isProbe: true)), transition: nil,
            after: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 141_000, generation: 8)
        ),
    ]

    @Test("acquire transitions", arguments: acquireCases)
    func acquire(_ row: AcquireCase) {
        var machine = BreakerStateMachine(snapshot: row.before, configuration: Self.configuration)
        let decision = machine.acquire(now: row.now)
        #expect(decision.admission == row.admission)
        #expect(decision.transition == row.transition)
        #expect(machine.snapshot == row.after)
    }

    struct RecordCase: Sendable, CustomTestStringConvertible {
        var name: String
        var before: BreakerSnapshot
        var outcome: BreakerOutcome
        var permitGeneration: Int64
        var now: Int64
        var transition: BreakerTransition?
        var after: BreakerSnapshot
        var testDescription: String { name }
    }

    static let recordCases: [RecordCase] = [
        RecordCase(
            name: "closed: a success resets the failure count",
            before: snapshot(.closed, failures: 4), outcome: .success, permitGeneration: 7, now: 1,
            transition: nil, after: snapshot(.closed, failures: 0)
        ),
        RecordCase(
            name: "closed: a failure below the threshold is counted",
            before: snapshot(.closed, failures: 3), outcome: .failure, permitGeneration: 7, now: 1,
            transition: nil, after: snapshot(.closed, failures: 4)
        ),
        RecordCase(
            name: "closed: the fifth consecutive failure opens the breaker",
            before: snapshot(.closed, failures: 4), outcome: .failure, permitGeneration: 7, now: 50_000,
            transition: BreakerTransition(from: .closed, to: .open),
            after: snapshot(.open, failures: 0, openedAt: 50_000, generation: 8)
        ),
        RecordCase(
            name: "closed: an abandoned call changes nothing",
            before: snapshot(.closed, failures: 2), outcome: .abandoned, permitGeneration: 7, now: 1,
            transition: nil, after: snapshot(.closed, failures: 2)
        ),
        RecordCase(
            name: "half-open: the probe's success closes the breaker",
            before: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 140_000), outcome: .success, permitGeneration: 7, now: 131_000,
            transition: BreakerTransition(from: .halfOpen, to: .closed),
            after: snapshot(.closed, openedAt: 100_000, generation: 8)
        ),
        RecordCase(
            name: "half-open: the probe's failure re-opens the breaker and restarts the timeout",
            before: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 140_000), outcome: .failure, permitGeneration: 7, now: 131_000,
            transition: BreakerTransition(from: .halfOpen, to: .open),
            after: snapshot(.open, openedAt: 131_000, generation: 8)
        ),
        RecordCase(
            name: "half-open: an abandoned probe frees the slot",
            before: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 140_000), outcome: .abandoned, permitGeneration: 7,
            now: 131_000,
            transition: nil, after: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 0)
        ),
        RecordCase(
            name: "open: outcomes change nothing",
            before: snapshot(.open, openedAt: 100_000), outcome: .success, permitGeneration: 7, now: 101_000,
            transition: nil, after: snapshot(.open, openedAt: 100_000)
        ),
        RecordCase(
            name: "stale: a failure admitted before the breaker re-closed is ignored",
            before: snapshot(.closed, failures: 4), outcome: .failure, permitGeneration: 6, now: 1,
            transition: nil, after: snapshot(.closed, failures: 4)
        ),
        RecordCase(
            name: "stale: a late success from an earlier probe does not close a re-probed breaker",
            before: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 150_000), outcome: .success, permitGeneration: 6, now: 141_000,
            transition: nil, after: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 150_000)
        ),
        RecordCase(
            name: "stale: a failure of a call admitted while closed does not re-open a half-open breaker",
            before: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 140_000), outcome: .failure, permitGeneration: 5, now: 131_000,
            transition: nil, after: snapshot(.halfOpen, openedAt: 100_000, probeLeaseUntil: 140_000)
        ),
    ]

    @Test("record transitions", arguments: recordCases)
    func record(_ row: RecordCase) {
        var machine = BreakerStateMachine(snapshot: row.before, configuration: Self.configuration)
        let permit = BreakerPermit(generation: row.permitGeneration, isProbe: row.before.state == .halfOpen)
        let transition = machine.record(row.outcome, permit: permit, now: row.now)
        #expect(transition == row.transition)
        #expect(machine.snapshot == row.after)
    }

    @Test("a full cycle: five failures open, the timeout admits one probe, its success closes")
    func fullCycle() throws {
        var machine = BreakerStateMachine(configuration: Self.configuration)
        for attempt in 1...5 {
            guard case .admitted(let permit) = machine.acquire(now: Int64(attempt)).admission else {
                Issue.record("closed breaker refused call \(attempt)")
                return
            }
            machine.record(.failure, permit: permit, now: Int64(attempt))
        }
        #expect(machine.snapshot.state == .open)
        #expect(machine.acquire(now: 29_000).admission == .rejected(retryAfterMilliseconds: 1_005))

        guard case .admitted(let probe) = machine.acquire(now: 30_005).admission else {
            Issue.record("no probe after the recovery timeout")
            return
        }
        #expect(probe.isProbe)
        // Exactly one probe: everyone else is refused while it is in flight.
        #expect(machine.acquire(now: 30_006).admission == .rejected(retryAfterMilliseconds: 9_999))
        #expect(machine.acquire(now: 31_000).admission == .rejected(retryAfterMilliseconds: 9_005))

        #expect(machine.record(.success, permit: probe, now: 31_000) == BreakerTransition(from: .halfOpen, to: .closed))
        #expect(machine.acquire(now: 31_001).admission == .admitted(BreakerPermit(generation: machine.snapshot.generation, isProbe: false)))
    }

    @Test("the default configuration is 5 failures and 30 s")
    func defaults() {
        let configuration = BreakerConfiguration()
        #expect(configuration.failureThreshold == 5)
        #expect(configuration.recoveryTimeoutMilliseconds == 30_000)
        #expect(BreakerState.halfOpen.rawValue == "half_open")
    }
}
