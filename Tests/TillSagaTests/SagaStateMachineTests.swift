import Foundation
import Testing
import TillSaga
import TillWire

/// The checkout-shaped saga the table below walks through: three compensatable steps, a pivot,
/// a step retried until success.
private let machine = SagaStateMachine(
    steps: [
        SagaStepShape(name: "a", hasCompensation: true, kind: .compensatable),
        SagaStepShape(name: "b", hasCompensation: true, kind: .compensatable),
        SagaStepShape(name: "c", hasCompensation: true, kind: .compensatable),
        SagaStepShape(name: "pivot", hasCompensation: false, kind: .pivot),
        SagaStepShape(name: "z", hasCompensation: false, kind: .retriedUntilSuccess),
    ],
    policy: SagaPolicy(compensationRetries: 2, compensationBackoff: .milliseconds(100), forwardBackoff: .milliseconds(10), maxForwardBackoff: .milliseconds(40))
)

private func started(_ step: String, _ attempt: Int = 1, compensation: Bool = false) -> SagaLogRecord {
    SagaLogRecord(kind: compensation ? .compensation : .action, step: step, phase: .started, attempt: attempt, at: 0)
}

private func ok(_ step: String, _ attempt: Int = 1, compensation: Bool = false) -> SagaLogRecord {
    SagaLogRecord(kind: compensation ? .compensation : .action, step: step, phase: .succeeded, attempt: attempt, at: 0, output: compensation ? nil : .string(step))
}

private func failed(_ step: String, _ attempt: Int = 1, compensation: Bool = false, maybeDone: Bool = false) -> SagaLogRecord {
    SagaLogRecord(
        kind: compensation ? .compensation : .action, step: step, phase: .failed, attempt: attempt, at: 0,
        error: WireError(.internal, "boom"), maybeDone: maybeDone
    )
}

private func run(_ step: Int, _ attempt: Int = 1, after delay: Duration = .zero) -> SagaDecision {
    .run(SagaInvocation(step: step, kind: .action, attempt: attempt), after: delay)
}

private func undo(_ step: Int, _ attempt: Int = 1, after delay: Duration = .zero) -> SagaDecision {
    .run(SagaInvocation(step: step, kind: .compensation, attempt: attempt), after: delay)
}

private let forward = [started("a"), ok("a"), started("b"), ok("b"), started("c"), ok("c")]

struct SagaStateMachineTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var log: [SagaLogRecord]
        var expected: SagaDecision
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "empty log runs the first step", log: [], expected: run(0)),
        Case(name: "a step in flight when its runner died runs again", log: [started("a")], expected: run(0, 2)),
        Case(name: "after a success the next step runs", log: [started("a"), ok("a")], expected: run(1)),
        Case(name: "replay resumes at the step in flight", log: forward + [started("pivot")], expected: run(3, 2)),
        Case(name: "all steps succeeded", log: forward + [started("pivot"), ok("pivot"), started("z"), ok("z")], expected: .finish(.completed)),
        Case(name: "first step refused: nothing to compensate", log: [started("a"), failed("a")], expected: .finish(.compensated)),
        Case(name: "first step maybe done: compensate it", log: [started("a"), failed("a", maybeDone: true)], expected: undo(0)),
        Case(name: "second step refused: compensate the first", log: [started("a"), ok("a"), started("b"), failed("b")], expected: undo(0)),
        Case(name: "third step maybe done: compensate it first", log: forward.dropLast(1) + [failed("c", maybeDone: true)], expected: undo(2)),
        Case(name: "pivot failed: compensate in reverse", log: forward + [started("pivot"), failed("pivot")], expected: undo(2)),
        Case(
            name: "a pivot that may have happened runs again instead of compensating",
            log: forward + [started("pivot"), failed("pivot", maybeDone: true)],
            expected: run(3, 2, after: .milliseconds(10))
        ),
        Case(
            name: "a pivot whose retry failed for sure compensates",
            log: forward + [started("pivot"), failed("pivot", maybeDone: true), started("pivot", 2), failed("pivot", 2)],
            expected: undo(2)
        ),
        Case(
            name: "compensations run in reverse",
            log: forward + [started("pivot"), failed("pivot"), started("c", compensation: true), ok("c", compensation: true)],
            expected: undo(1)
        ),
        Case(
            name: "a compensation in flight when its runner died runs again",
            log: forward + [started("pivot"), failed("pivot"), started("c", compensation: true)],
            expected: undo(2, 2)
        ),
        Case(
            name: "every compensation done",
            log: forward + [started("pivot"), failed("pivot")]
                + ["c", "b", "a"].flatMap { [started($0, compensation: true), ok($0, compensation: true)] },
            expected: .finish(.compensated)
        ),
        Case(
            name: "a failed compensation is retried with linear backoff",
            log: [started("a"), ok("a"), started("b"), failed("b"), started("a", compensation: true), failed("a", compensation: true),
                  started("a", 2, compensation: true), failed("a", 2, compensation: true)],
            expected: undo(0, 3, after: .milliseconds(200))
        ),
        Case(
            name: "a compensation failing past its retries ends failed_compensation",
            log: [started("a"), ok("a"), started("b"), failed("b")]
                + (1...3).flatMap { [started("a", $0, compensation: true), failed("a", $0, compensation: true)] },
            expected: .finish(.failedCompensation)
        ),
        Case(
            name: "an exhausted compensation does not stop the earlier ones",
            log: forward + [started("pivot"), failed("pivot")]
                + (1...3).flatMap { [started("c", $0, compensation: true), failed("c", $0, compensation: true)] },
            expected: undo(1)
        ),
        Case(
            name: "an operator re-drive gives exhausted compensations a new round",
            log: [started("a"), ok("a"), started("b"), failed("b")]
                + (1...3).flatMap { [started("a", $0, compensation: true), failed("a", $0, compensation: true)] }
                + [.recovery(at: 0)],
            expected: undo(0, 4)
        ),
        Case(
            name: "a step after the pivot is retried until it succeeds",
            log: forward + [started("pivot"), ok("pivot"), started("z"), failed("z")],
            expected: run(4, 2, after: .milliseconds(10))
        ),
        Case(
            name: "its backoff grows to a cap",
            log: forward + [started("pivot"), ok("pivot")] + (1...5).flatMap { [started("z", $0), failed("z", $0)] },
            expected: run(4, 6, after: .milliseconds(40))
        ),
    ]

    @Test(arguments: cases)
    func decision(_ testCase: Case) {
        #expect(machine.next(machine.replay(testCase.log)) == testCase.expected)
    }

    @Test func viewsFollowTheLog() {
        let log = forward + [started("pivot"), failed("pivot"), started("c", compensation: true), ok("c", compensation: true),
                             started("b", compensation: true), failed("b", compensation: true)]
        let views = machine.stepViews(machine.replay(log))
        #expect(views.map(\.state) == [.succeeded, .compensating, .compensated, .failed, .skipped])
        #expect(views.map(\.attempts) == [1, 2, 2, 1, 0])
        #expect(views[1].error?.code == .internal)
        #expect(views[0].error == nil)

        let exhausted = [started("a"), ok("a"), started("b"), failed("b")]
            + (1...3).flatMap { [started("a", $0, compensation: true), failed("a", $0, compensation: true)] }
        #expect(machine.stepViews(machine.replay(exhausted)).map(\.state) == [.compensationFailed, .failed, .skipped, .skipped, .skipped])
        #expect(machine.state(machine.replay(exhausted)) == .failedCompensation)

        let running = [started("a"), ok("a"), started("b")]
        #expect(machine.stepViews(machine.replay(running)).map(\.state) == [.succeeded, .running, .pending, .pending, .pending])
        #expect(machine.state(machine.replay(running)) == .running)
    }

    @Test func outputsOfSucceededSteps() {
        let progress = machine.replay([started("a"), ok("a"), started("b"), failed("b")])
        #expect(progress.outputs(stepNames: machine.steps.map(\.name)) == ["a": "a"])
    }

    @Test func recordsOfUnknownStepsAreIgnored() {
        #expect(machine.next(machine.replay([started("gone"), ok("gone")])) == run(0))
    }

    @Test func invalidDefinitionsAreNamed() {
        let compensatable = SagaStepShape(name: "x", hasCompensation: true, kind: .compensatable)
        let pivot = SagaStepShape(name: "p", hasCompensation: false, kind: .pivot)
        #expect(SagaStateMachine.validate([]) != nil)
        #expect(SagaStateMachine.validate([compensatable, compensatable]) != nil)
        #expect(SagaStateMachine.validate([pivot, compensatable]) != nil)
        #expect(SagaStateMachine.validate([compensatable, pivot]) == nil)
        #expect(SagaStateMachine.validate([SagaStepShape(name: "p", hasCompensation: true, kind: .pivot)]) != nil)
    }

    @Test func logRecordsKeepTheirWireFormat() throws {
        let record = failed("b", 2, maybeDone: true)
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(json.contains("\"v\":1") && json.contains("\"maybe_done\":true") && json.contains("\"kind\":\"action\""))
        #expect(try JSONDecoder().decode(SagaLogRecord.self, from: Data(json.utf8)) == record)
    }
}
