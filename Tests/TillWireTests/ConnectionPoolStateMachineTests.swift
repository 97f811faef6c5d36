import NIOCore
import Testing

@testable import TillWire

/// Connection choice, growth, backoff and fail-over, without sockets.
@Suite("Connection pool state machine")
struct ConnectionPoolStateMachineTests {
    typealias Machine = ConnectionPoolStateMachine<String, Int>
    typealias Slot = Machine.SlotID

    /// Hands out attempt numbers 1, 2, 3, …
    private final class Attempts {
        var next = 0
        func make() -> Int {
            next += 1
            return next
        }
    }

    private let now = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test("the first call connects; concurrent calls wait for that attempt")
    func firstConnection() {
        var machine = Machine(addressCount: 1, connectionsPerAddress: 2)
        let attempts = Attempts()
        guard case .connect(let slot, let attempt) = machine.acquire(now: now, makeAttempt: attempts.make) else {
            Issue.record("did not connect")
            return
        }
        #expect(slot == Slot(address: 0, index: 0))
        guard case .wait(let waited) = machine.acquire(now: now, makeAttempt: attempts.make) else {
            Issue.record("did not wait")
            return
        }
        #expect(waited == attempt)
        #expect(attempts.next == 1, "no second attempt while one is under way")
    }

    @Test("ready connections are used round-robin; the pool grows one connection at a time")
    func roundRobinAndGrowth() {
        var machine = Machine(addressCount: 1, connectionsPerAddress: 2)
        let attempts = Attempts()
        _ = machine.acquire(now: now, makeAttempt: attempts.make)
        let connected = machine.connected(Slot(address: 0, index: 0), "a")
        #expect(connected)
        guard case .use(let first, let grow?) = machine.acquire(now: now, makeAttempt: attempts.make) else {
            Issue.record("did not use and grow")
            return
        }
        #expect(first == "a")
        #expect(grow.0 == Slot(address: 0, index: 1))
        guard case .use(_, nil) = machine.acquire(now: now, makeAttempt: attempts.make) else {
            Issue.record("grew twice at once")
            return
        }
        let grown = machine.connected(grow.0, "b")
        #expect(grown)
        var used: [String] = []
        for _ in 0..<4 {
            if case .use(let connection, _) = machine.acquire(now: now, makeAttempt: attempts.make) { used.append(connection) }
        }
        #expect(Set(used) == ["a", "b"])
        #expect(used.filter { $0 == "a" }.count == 2)
    }

    @Test("a failed replica is skipped until its backoff passes")
    func backoff() {
        var machine = Machine(addressCount: 1, connectionsPerAddress: 1)
        let attempts = Attempts()
        guard case .connect(let slot, _) = machine.acquire(now: now, makeAttempt: attempts.make) else {
            Issue.record("did not connect")
            return
        }
        machine.connectFailed(slot, error: .transport("refused"), retryAt: now + .milliseconds(100))
        #expect(machine.failures(of: slot) == 1)
        guard case .fail(let error) = machine.acquire(now: now + .milliseconds(50), makeAttempt: attempts.make) else {
            Issue.record("did not fail during backoff")
            return
        }
        #expect(error.code == .unavailable)
        #expect(error.retriable)
        #expect(error.message.contains("refused"))
        guard case .connect = machine.acquire(now: now + .milliseconds(100), makeAttempt: attempts.make) else {
            Issue.record("did not retry after backoff")
            return
        }
        let connected = machine.connected(slot, "a")
        #expect(connected)
        #expect(machine.failures(of: slot) == 0, "success resets the backoff")
    }

    @Test("calls fail over to the next replica")
    func failover() {
        var machine = Machine(addressCount: 2, connectionsPerAddress: 1)
        let attempts = Attempts()
        guard case .connect(let first, _) = machine.acquire(now: now, makeAttempt: attempts.make) else {
            Issue.record("did not connect")
            return
        }
        machine.connectFailed(first, error: .transport("refused"), retryAt: now + .seconds(1))
        guard case .connect(let second, _) = machine.acquire(now: now, makeAttempt: attempts.make) else {
            Issue.record("did not fail over")
            return
        }
        #expect(second.address != first.address)
    }

    @Test("a server's refusal is reported as it is")
    func serverRefusal() {
        var machine = Machine(addressCount: 1, connectionsPerAddress: 1)
        guard case .connect(let slot, _) = machine.acquire(now: now, makeAttempt: { 1 }) else { return }
        let refusal = RPCError(WireError(.unauthenticated, "bad mac"), source: .server)
        machine.connectFailed(slot, error: refusal, retryAt: now + .seconds(1))
        guard case .fail(let error) = machine.acquire(now: now, makeAttempt: { 2 }) else {
            Issue.record("did not fail")
            return
        }
        #expect(error == refusal)
    }

    @Test("a closed connection frees its slot for a reconnect")
    func closedConnection() {
        var machine = Machine(addressCount: 1, connectionsPerAddress: 1)
        guard case .connect(let slot, _) = machine.acquire(now: now, makeAttempt: { 1 }) else { return }
        _ = machine.connected(slot, "a")
        machine.closed(slot)
        guard case .connect(let again, _) = machine.acquire(now: now, makeAttempt: { 2 }) else {
            Issue.record("did not reconnect")
            return
        }
        #expect(again == slot)
    }

    @Test("shutdown returns open connections once and refuses everything after")
    func shutdown() {
        var machine = Machine(addressCount: 1, connectionsPerAddress: 2)
        guard case .connect(let slot, _) = machine.acquire(now: now, makeAttempt: { 1 }) else { return }
        _ = machine.connected(slot, "a")
        guard case .use(_, let grow?) = machine.acquire(now: now, makeAttempt: { 2 }) else { return }
        let open = machine.shutdown()
        let again = machine.shutdown()
        let kept = machine.connected(grow.0, "b")
        #expect(open == ["a"])
        #expect(again == nil)
        #expect(!kept, "a connection finishing after shutdown is not kept")
        guard case .fail(let error) = machine.acquire(now: now, makeAttempt: { 3 }) else {
            Issue.record("acquired after shutdown")
            return
        }
        #expect(error.code == .unavailable)
    }
}

@Suite("Backoff and addresses")
struct BackoffAndAddressTests {
    @Test("backoff doubles up to the maximum, with jitter between half and all of it")
    func backoff() {
        let backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(2))
        #expect(backoff.delay(afterFailures: 1, jitter: 1) == .milliseconds(50))
        #expect(backoff.delay(afterFailures: 2, jitter: 1) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 3, jitter: 0) == .milliseconds(100))
        #expect(backoff.delay(afterFailures: 10, jitter: 1) == .seconds(2))
        #expect(backoff.delay(afterFailures: 1000, jitter: 1) == .seconds(2))
    }

    @Test("addresses parse host:port, IPv6 and lists")
    func addresses() throws {
        #expect(try PeerAddress("127.0.0.1:7001") == PeerAddress(host: "127.0.0.1", port: 7001))
        #expect(try PeerAddress("[::1]:7001") == PeerAddress(host: "::1", port: 7001))
        #expect(try PeerAddress("inventory:7001").description == "inventory:7001")
        #expect(try PeerAddress.list("a:1, b:2,") == [PeerAddress(host: "a", port: 1), PeerAddress(host: "b", port: 2)])
        for bad in ["nohost", ":7001", "a:0", "a:70000", "a:x"] {
            #expect(throws: PeerAddressError.self) { try PeerAddress(bad) }
        }
        #expect(throws: PeerAddressError.self) { try PeerAddress.list(" , ") }
    }
}
