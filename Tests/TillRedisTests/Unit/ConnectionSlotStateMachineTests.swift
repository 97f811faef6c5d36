import NIOCore
import Testing
@testable import TillRedis

@Suite struct ConnectionSlotStateMachineTests {
    final class Connection {}
    typealias Machine = ConnectionSlotStateMachine<Connection, Int>

    private let now = NIODeadline.uptimeNanoseconds(1_000_000_000)
    private let backoff = ReconnectBackoff(initial: .milliseconds(100), maximum: .seconds(1))
    private let refused = RedisError.connectionFailed("refused")

    private func ready(_ connection: Connection) -> Machine {
        var machine = Machine(backoff: backoff)
        _ = machine.acquire(1, now: now)
        _ = machine.connected(connection)
        return machine
    }

    private func backingOff() -> Machine {
        var machine = Machine(backoff: backoff)
        _ = machine.acquire(1, now: now)
        _ = machine.connectFailed(refused, now: now)
        return machine
    }

    // MARK: idle

    @Test func idleConnectsOnFirstAcquire() {
        var machine = Machine(backoff: backoff)
        #expect(machine.readyConnection == nil)
        guard case .connect = machine.acquire(1, now: now) else {
            Issue.record("expected connect")
            return
        }
        guard case .wait = machine.acquire(2, now: now) else {
            Issue.record("a second caller must wait for the same attempt")
            return
        }
    }

    @Test func idleReconnectsInBackground() {
        var machine = Machine(backoff: backoff)
        guard case .connect = machine.reconnect(now: now) else {
            Issue.record("expected connect")
            return
        }
        guard case .none = machine.reconnect(now: now) else {
            Issue.record("an attempt is already under way")
            return
        }
    }

    // MARK: connecting

    @Test func successResumesEveryWaiterAndResetsFailures() {
        var machine = backingOff()
        _ = machine.acquire(2, now: now + .seconds(1))
        _ = machine.acquire(3, now: now + .seconds(1))
        let connection = Connection()
        guard case .resume(let waiters) = machine.connected(connection) else {
            Issue.record("expected resume")
            return
        }
        #expect(waiters == [2, 3])
        #expect(machine.readyConnection === connection)
        // Failures were reset: the next failure backs off by the initial delay again.
        _ = machine.closed(connection)
        _ = machine.acquire(4, now: now)
        _ = machine.connectFailed(refused, now: now)
        guard case .connect = machine.acquire(5, now: now + .milliseconds(100)) else {
            Issue.record("expected the initial backoff after a success")
            return
        }
    }

    @Test func failureFailsWaitersAndBacksOff() {
        var machine = Machine(backoff: backoff)
        _ = machine.acquire(1, now: now)
        _ = machine.acquire(2, now: now)
        let failed = machine.connectFailed(refused, now: now)
        #expect(failed == [1, 2])
        guard case .fail(let error) = machine.acquire(3, now: now + .milliseconds(99)) else {
            Issue.record("calls during the backoff must fail fast")
            return
        }
        #expect(error.code == .connectionFailed)
        #expect(error.isRetriable)
        guard case .retry(let at) = machine.reconnect(now: now) else {
            Issue.record("expected retry")
            return
        }
        #expect(at == now + .milliseconds(100))
    }

    @Test func backoffDoublesWithConsecutiveFailures() {
        var machine = backingOff()
        let second = now + .milliseconds(100)
        _ = machine.acquire(2, now: second)
        _ = machine.connectFailed(refused, now: second)
        guard case .fail = machine.acquire(3, now: second + .milliseconds(199)),
              case .connect = machine.acquire(4, now: second + .milliseconds(200))
        else {
            Issue.record("the second backoff must be 200 ms")
            return
        }
    }

    @Test func backoffEndsWithAFreshAttempt() {
        var machine = backingOff()
        guard case .connect = machine.reconnect(now: now + .milliseconds(100)) else {
            Issue.record("expected connect after the backoff")
            return
        }
    }

    @Test func connectFailedOutsideConnectingIsIgnored() {
        var machine = ready(Connection())
        let failed = machine.connectFailed(refused, now: now)
        #expect(failed.isEmpty)
        #expect(machine.readyConnection != nil)
    }

    // MARK: ready

    @Test func readyHandsOutTheConnection() {
        let connection = Connection()
        var machine = ready(connection)
        guard case .use(let used) = machine.acquire(2, now: now) else {
            Issue.record("expected use")
            return
        }
        #expect(used === connection)
        guard case .none = machine.reconnect(now: now) else {
            Issue.record("expected none")
            return
        }
    }

    @Test func closingTheCurrentConnectionMakesTheSlotIdle() {
        let connection = Connection()
        var machine = ready(connection)
        let closedOther = machine.closed(Connection())
        #expect(!closedOther)
        #expect(machine.readyConnection === connection)
        let closedCurrent = machine.closed(connection)
        #expect(closedCurrent)
        #expect(machine.readyConnection == nil)
        guard case .connect = machine.acquire(2, now: now) else {
            Issue.record("the next call must reconnect at once")
            return
        }
    }

    // MARK: shutdown

    @Test func shutdownClosesTheReadyConnection() {
        let connection = Connection()
        var machine = ready(connection)
        guard case .close(let closed) = machine.shutdown() else {
            Issue.record("expected close")
            return
        }
        #expect(closed === connection)
        #expect(machine.isShutdown)
    }

    @Test func shutdownFailsWaitersAndClosesTheLateConnection() {
        var machine = Machine(backoff: backoff)
        _ = machine.acquire(1, now: now)
        guard case .fail(let waiters) = machine.shutdown() else {
            Issue.record("expected fail")
            return
        }
        #expect(waiters == [1])
        guard case .close = machine.connected(Connection()) else {
            Issue.record("a connection arriving after shutdown must be closed")
            return
        }
    }

    @Test(arguments: ["idle", "backingOff", "shutdown"])
    func shutdownElsewhereHasNothingToDo(from state: String) {
        var machine = state == "backingOff" ? backingOff() : Machine(backoff: backoff)
        if state == "shutdown" { _ = machine.shutdown() }
        guard case .none = machine.shutdown() else {
            Issue.record("expected none")
            return
        }
        guard case .fail(let error) = machine.acquire(9, now: now + .seconds(60)) else {
            Issue.record("calls after shutdown must fail")
            return
        }
        #expect(error.code == .clientShutdown)
        #expect(!error.isRetriable)
        guard case .none = machine.reconnect(now: now + .seconds(60)) else {
            Issue.record("no reconnect after shutdown")
            return
        }
    }

    // MARK: backoff

    @Test func reconnectBackoffDoublesUpToItsMaximum() {
        let backoff = ReconnectBackoff(initial: .milliseconds(50), maximum: .seconds(1))
        #expect(backoff.delay(afterFailures: 0) == .zero)
        #expect(backoff.delay(afterFailures: 1) == .milliseconds(50))
        #expect(backoff.delay(afterFailures: 2) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 5) == .milliseconds(800))
        #expect(backoff.delay(afterFailures: 6) == .seconds(1))
        #expect(backoff.delay(afterFailures: 1_000) == .seconds(1))
    }
}
