import NIOCore
import Testing
@testable import TillRedis

/// Every phase × every event of the connection state machine. Waiters are plain numbers.
@Suite struct RedisConnectionStateMachineTests {
    typealias Machine = RedisConnectionStateMachine<Int>
    typealias Request = Machine.Request

    private let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000)

    private func ok(_ text: String = "OK") -> RESPValue { .simpleString(text) }

    /// A machine in `phase` with requests 1 and 2 pending (none for `.closed` and active-empty).
    private func machine(_ phase: String) -> Machine {
        var machine = Machine()
        switch phase {
        case "active-empty":
            break
        case "active":
            _ = machine.enqueue([Request(waiter: 1), Request(waiter: 2)], deadline: t0)
        case "draining":
            _ = machine.enqueue([Request(waiter: 1), Request(waiter: 2)], deadline: t0)
            _ = machine.startDraining()
        case "closed":
            _ = machine.enqueue([Request(waiter: 1)], deadline: nil)
            _ = machine.channelInactive()
        default:
            Issue.record("unknown phase \(phase)")
        }
        return machine
    }

    // MARK: enqueue

    @Test func enqueueWhileActiveWrites() {
        var machine = machine("active-empty")
        guard case .write = machine.enqueue([Request(waiter: 7)], deadline: nil) else {
            Issue.record("expected write")
            return
        }
        #expect(machine.pendingCount == 1)
        #expect(machine.phase == .active)
    }

    @Test func enqueueWhileDrainingIsRejectedAsRetriable() {
        var machine = machine("draining")
        guard case .reject(let error) = machine.enqueue([Request(waiter: 7)], deadline: nil) else {
            Issue.record("expected reject")
            return
        }
        #expect(error.code == .connectionClosed)
        #expect(error.isRetriable)
        #expect(machine.pendingCount == 2)
    }

    @Test func enqueueWhenClosedIsRejectedWithTheCloseReason() {
        var machine = Machine()
        _ = machine.failAll(with: .protocolError("garbage"))
        guard case .reject(let error) = machine.enqueue([Request(waiter: 7)], deadline: nil) else {
            Issue.record("expected reject")
            return
        }
        #expect(error.code == .protocolError)
        #expect(machine.pendingCount == 0)
    }

    // MARK: receive

    @Test func repliesCompleteRequestsInOrder() {
        var machine = machine("active")
        guard case .complete(.one(1, let first)) = machine.receive(ok("a")),
              case .complete(.one(2, let second)) = machine.receive(ok("b"))
        else {
            Issue.record("replies not matched FIFO")
            return
        }
        #expect(first == ok("a"))
        #expect(second == ok("b"))
        #expect(machine.pendingCount == 0)
    }

    @Test func errorRepliesAreRepliesToo() {
        var machine = machine("active")
        guard case .complete(.one(1, .error("ERR nope"))) = machine.receive(.error("ERR nope")) else {
            Issue.record("error reply not delivered to its waiter")
            return
        }
    }

    @Test func pipelineCollectsAllRepliesIncludingErrors() {
        var machine = Machine()
        _ = machine.enqueue([Request(waiter: 1, replyCount: 3), Request(waiter: 2)], deadline: nil)
        guard case .none = machine.receive(.integer(1)), case .none = machine.receive(.error("ERR x")) else {
            Issue.record("pipeline completed early")
            return
        }
        guard case .complete(.many(1, let replies)) = machine.receive(.integer(3)) else {
            Issue.record("pipeline not completed")
            return
        }
        #expect(replies == [.integer(1), .error("ERR x"), .integer(3)])
        guard case .complete(.one(2, .simpleString("next"))) = machine.receive(ok("next")) else {
            Issue.record("next request not matched")
            return
        }
    }

    @Test func multiReplyCommandEndsOnError() {
        var machine = Machine()
        _ = machine.enqueue([Request(waiter: 1, replyCount: 3, endsOnError: true), Request(waiter: 2)], deadline: nil)
        guard case .complete(.many(1, let replies)) = machine.receive(.error("NOPERM no")) else {
            Issue.record("a single error must end a multi-reply command")
            return
        }
        #expect(replies == [.error("NOPERM no")])
        #expect(machine.pendingCount == 1)
    }

    @Test func unexpectedReplyWhileActiveClosesAsProtocolError() {
        var machine = machine("active-empty")
        guard case .close(let failing, let error) = machine.receive(ok()) else {
            Issue.record("expected close")
            return
        }
        #expect(failing.isEmpty)
        #expect(error.code == .protocolError)
        #expect(machine.phase == .closed)
    }

    @Test func lastReplyWhileDrainingCompletesThenCloses() {
        var machine = machine("draining")
        guard case .complete(.one(1, _)) = machine.receive(ok()) else {
            Issue.record("expected plain completion")
            return
        }
        guard case .completeAndClose(.one(2, _)) = machine.receive(ok()) else {
            Issue.record("expected completion and close")
            return
        }
        #expect(machine.phase == .closed)
    }

    @Test func replyWhenClosedIsIgnored() {
        var machine = machine("closed")
        guard case .none = machine.receive(ok()) else {
            Issue.record("expected none")
            return
        }
    }

    // MARK: draining

    @Test(arguments: [
        ("active-empty", "closeNow", Machine.Phase.closed),
        ("active", "wait", .draining),
        ("draining", "wait", .draining),
        ("closed", "none", .closed),
    ])
    func startDraining(from phase: String, expected: String, then next: Machine.Phase) {
        var machine = machine(phase)
        let action: String =
            switch machine.startDraining() {
            case .closeNow: "closeNow"
            case .wait: "wait"
            case .none: "none"
            }
        #expect(action == expected)
        #expect(machine.phase == next)
    }

    // MARK: failures

    @Test(arguments: ["active", "draining"])
    func channelInactiveFailsEverythingRetriably(from phase: String) {
        var machine = machine(phase)
        guard case .close(let failing, let error) = machine.channelInactive() else {
            Issue.record("expected close")
            return
        }
        #expect(failing == [1, 2])
        #expect(error.code == .connectionClosed)
        #expect(error.isRetriable)
        #expect(machine.phase == .closed)
        #expect(machine.pendingCount == 0)
    }

    @Test func channelInactiveWhenClosedDoesNothing() {
        var machine = machine("closed")
        guard case .none = machine.channelInactive() else {
            Issue.record("expected none")
            return
        }
    }

    @Test(arguments: ["active-empty", "active", "draining"])
    func failAllFailsWithTheGivenError(from phase: String) {
        var machine = machine(phase)
        guard case .close(let failing, let error) = machine.failAll(with: .protocolError("bad byte")) else {
            Issue.record("expected close")
            return
        }
        #expect(failing == (phase == "active-empty" ? [] : [1, 2]))
        #expect(error.code == .protocolError)
        #expect(machine.phase == .closed)
    }

    @Test func failAllWhenClosedDoesNothing() {
        var machine = machine("closed")
        guard case .none = machine.failAll(with: .protocolError("x")) else {
            Issue.record("expected none")
            return
        }
    }

    @Test func failAllDiscardsPartialPipelineReplies() {
        var machine = Machine()
        _ = machine.enqueue([Request(waiter: 1, replyCount: 2)], deadline: nil)
        _ = machine.receive(.integer(1))
        _ = machine.failAll(with: .connectionClosed("gone"))
        // A fresh machine state would match this reply to nothing; a closed one ignores it.
        guard case .none = machine.receive(.integer(2)) else {
            Issue.record("expected none")
            return
        }
    }

    // MARK: timeouts

    @Test func timeoutBeforeDeadlineReschedules() {
        var machine = machine("active")
        guard case .reschedule(let deadline) = machine.timeoutFired(now: t0 - .milliseconds(1)) else {
            Issue.record("expected reschedule")
            return
        }
        #expect(deadline == t0)
        #expect(machine.phase == .active)
    }

    @Test func timeoutChecksTheOldestRequestOnly() {
        var machine = Machine()
        _ = machine.enqueue([Request(waiter: 1)], deadline: t0)
        _ = machine.enqueue([Request(waiter: 2)], deadline: t0 + .seconds(5))
        _ = machine.receive(ok())
        guard case .reschedule(let deadline) = machine.timeoutFired(now: t0 + .seconds(1)) else {
            Issue.record("expected reschedule to the new head's deadline")
            return
        }
        #expect(deadline == t0 + .seconds(5))
    }

    @Test(arguments: ["active", "draining"])
    func timeoutAfterDeadlineFailsHeadAsTimeoutAndClosesTheRest(from phase: String) {
        var machine = machine(phase)
        guard case .timedOut(let head, let others) = machine.timeoutFired(now: t0) else {
            Issue.record("expected timedOut")
            return
        }
        #expect(head == 1)
        #expect(others == [2])
        #expect(machine.phase == .closed)
        guard case .reject(let error) = machine.enqueue([Request(waiter: 3)], deadline: nil) else {
            Issue.record("expected reject")
            return
        }
        #expect(error.isRetriable)
    }

    @Test func timeoutWithNothingPendingOrNoDeadlineDoesNothing() {
        var empty = machine("active-empty")
        var closed = machine("closed")
        var unbounded = Machine()
        _ = unbounded.enqueue([Request(waiter: 1)], deadline: nil)
        guard case .none = empty.timeoutFired(now: t0 + .seconds(60)),
              case .none = closed.timeoutFired(now: t0 + .seconds(60)),
              case .none = unbounded.timeoutFired(now: t0 + .seconds(60))
        else {
            Issue.record("expected none")
            return
        }
    }
}
