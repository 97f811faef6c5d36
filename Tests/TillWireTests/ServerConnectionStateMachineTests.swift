import NIOCore
import Testing

@testable import TillWire

/// Every transition of the server connection, without sockets.
@Suite("Server connection state machine")
struct ServerConnectionStateMachineTests {
    typealias Machine = ServerConnectionStateMachine<Int>

    private let identity = ClientIdentity(name: "orchestrator-1", permissions: .all)
    private let frame = ByteBuffer(string: "{}")

    private func ready(maxInFlight: Int = 8) -> Machine {
        var machine = Machine(maxInFlight: maxInFlight)
        _ = machine.frameReceived(frame)
        machine.helloVerifying()
        _ = machine.handshakeSucceeded(identity)
        return machine
    }

    @Test("handshake: hello, verification, welcome with the frames that arrived meanwhile")
    func handshake() {
        var machine = Machine(maxInFlight: 8)
        #expect(machine.phase == .awaitingHello)
        #expect(machine.frameReceived(frame) == .verifyHello)
        machine.helloVerifying()
        #expect(machine.phase == .authenticating)
        let early = ByteBuffer(string: #"{"id":1}"#)
        #expect(machine.frameReceived(early) == .buffered)
        #expect(machine.handshakeSucceeded(identity) == .sendWelcome(replay: [early]))
        #expect(machine.phase == .ready)
        #expect(machine.frameReceived(frame) == .request(identity))
        #expect(machine.handshakeTimedOut() == .none, "the timer is moot once ready")
    }

    @Test("handshake failures close, from waiting or verifying")
    func handshakeFailures() {
        var waiting = Machine(maxInFlight: 8)
        let refusal = WireError(.unauthenticated, "bad mac")
        #expect(waiting.handshakeFailed(refusal) == .sendErrorAndClose(refusal))
        #expect(waiting.phase == .closing)
        #expect(waiting.frameReceived(frame) == .ignore)

        var verifying = Machine(maxInFlight: 8)
        _ = verifying.frameReceived(frame)
        verifying.helloVerifying()
        guard case .sendErrorAndClose(let error) = verifying.handshakeTimedOut() else {
            Issue.record("timeout did not close")
            return
        }
        #expect(error.code == .unavailable, "a hello stuck on its nonce check may be retried")

        var silent = Machine(maxInFlight: 8)
        guard case .sendErrorAndClose(let silence) = silent.handshakeTimedOut() else {
            Issue.record("timeout did not close")
            return
        }
        #expect(silence.code == .unauthenticated)
        #expect(verifying.handshakeSucceeded(identity) == .ignore, "a late nonce answer changes nothing")
    }

    @Test("requests: admission, duplicates, capacity, completion")
    func requests() {
        var machine = ready(maxInFlight: 2)
        #expect(machine.requestReceived(id: 1) == .proceed)
        #expect(machine.admit(id: 1, 100) == .admitted)
        guard case .reject(let duplicate) = machine.requestReceived(id: 1) else {
            Issue.record("duplicate id admitted")
            return
        }
        #expect(duplicate.code == .badRequest)
        #expect(duplicate.details?["field"] == "id")
        #expect(machine.admit(id: 2, 200) == .admitted)
        guard case .rejected(let full) = machine.admit(id: 3, 300) else {
            Issue.record("admitted beyond capacity")
            return
        }
        #expect(full.code == .overloaded)
        #expect(full.retriable)
        #expect(machine.inFlightCount == 2)
        #expect(machine.requestCompleted(id: 1) == .send(100, thenClose: false))
        #expect(machine.requestCompleted(id: 1) == .drop, "answered once")
        #expect(machine.requestReceived(id: 1) == .proceed, "an answered id may be reused")
    }

    @Test("a deadline answers first; the late handler result is dropped")
    func deadline() {
        var machine = ready()
        _ = machine.admit(id: 7, 70)
        #expect(machine.deadlineExpired(id: 7) == .send(70, thenClose: false))
        #expect(machine.requestCompleted(id: 7) == .drop)
        #expect(machine.deadlineExpired(id: 99) == .drop)
    }

    @Test("graceful shutdown: idle closes at once")
    func shutdownIdle() {
        var machine = ready()
        #expect(machine.shutdownRequested() == .close)
        #expect(machine.phase == .closing)
    }

    @Test("graceful shutdown: in-flight requests finish, new ones get unavailable, the last answer closes")
    func shutdownDraining() {
        var machine = ready()
        _ = machine.admit(id: 1, 10)
        _ = machine.admit(id: 2, 20)
        #expect(machine.shutdownRequested() == .drain)
        #expect(machine.phase == .draining)
        #expect(machine.shutdownRequested() == .none, "idempotent")
        guard case .reject(let error) = machine.requestReceived(id: 3) else {
            Issue.record("a request was admitted while draining")
            return
        }
        #expect(error.code == .unavailable)
        #expect(error.retriable)
        #expect(machine.requestCompleted(id: 1) == .send(10, thenClose: false))
        #expect(machine.requestCompleted(id: 2) == .send(20, thenClose: true))
        #expect(machine.phase == .closing)
    }

    @Test("graceful shutdown: the drain timeout closes with requests still in flight, which are cancelled")
    func drainTimeout() {
        var machine = ready()
        _ = machine.admit(id: 1, 10)
        _ = machine.shutdownRequested()
        #expect(machine.drainTimedOut() == .close)
        #expect(machine.requestCompleted(id: 1) == .drop)
        #expect(machine.channelInactive() == [10])
        #expect(machine.phase == .closed)
    }

    @Test("graceful shutdown before the handshake completes refuses with unavailable")
    func shutdownDuringHandshake() {
        var machine = Machine(maxInFlight: 8)
        guard case .sendErrorAndClose(let error) = machine.shutdownRequested() else {
            Issue.record("shutdown did not close a waiting connection")
            return
        }
        #expect(error.code == .unavailable)
    }

    @Test("half-close: finish what is in flight, then close")
    func halfClose() {
        var machine = ready()
        _ = machine.admit(id: 1, 10)
        #expect(machine.inputClosed() == .none)
        #expect(machine.requestCompleted(id: 1) == .send(10, thenClose: true))

        var idle = ready()
        #expect(idle.inputClosed() == .close)

        var waiting = Machine(maxInFlight: 8)
        #expect(waiting.inputClosed() == .close)
    }

    @Test("idle timeout closes only a connection with nothing in flight")
    func idle() {
        var busy = ready()
        _ = busy.admit(id: 1, 10)
        #expect(busy.idleTimedOut() == .none)
        var idle = ready()
        #expect(idle.idleTimedOut() == .close)
    }

    @Test("a protocol violation closes; in-flight requests are cancelled when the channel goes")
    func violation() {
        var machine = ready()
        _ = machine.admit(id: 1, 10)
        _ = machine.admit(id: 2, 20)
        let error = WireError(.invalidJSON, "garbage")
        #expect(machine.protocolViolation(error) == .sendErrorAndClose(error))
        #expect(machine.protocolViolation(error) == .none)
        #expect(machine.frameReceived(frame) == .ignore)
        #expect(Set(machine.channelInactive()) == [10, 20])
    }
}

/// Every transition of the client connection, without sockets.
@Suite("Client connection state machine")
struct ClientConnectionStateMachineTests {
    typealias Machine = ClientConnectionStateMachine<Int>

    private func ready(maxInFlight: Int = 8, maxFrame: Int = 100) -> Machine {
        var machine = Machine(maxInFlight: maxInFlight)
        _ = machine.channelActive()
        _ = machine.welcomeReceived(maxFrame: maxFrame)
        return machine
    }

    @Test("hello, welcome, ready")
    func handshake() {
        var machine = Machine(maxInFlight: 8)
        #expect(machine.send(id: 1, frameSize: 10, 1) == .retryElsewhere, "nothing is sent before the welcome")
        let first = machine.channelActive()
        let second = machine.channelActive()
        #expect(first)
        #expect(!second)
        #expect(machine.phase == .awaitingWelcome)
        #expect(machine.welcomeReceived(maxFrame: 100) == .succeed)
        #expect(machine.phase == .ready)
    }

    @Test("a refused hello fails the attempt and closes")
    func refusedHello() {
        var machine = Machine(maxInFlight: 8)
        _ = machine.channelActive()
        let error = RPCError(WireError(.unauthenticated, "bad mac"), source: .server)
        #expect(machine.handshakeFailed(error) == .failAndClose(error))
        #expect(machine.welcomeReceived(maxFrame: 1) == .none)
        #expect(machine.channelInactive().handshakePending == false)
    }

    @Test("calls are matched by id, once")
    func calls() {
        var machine = ready()
        #expect(machine.send(id: 1, frameSize: 10, 10) == .write)
        #expect(machine.send(id: 2, frameSize: 10, 20) == .write)
        #expect(machine.responseReceived(id: 2) == .complete(20, thenClose: false))
        #expect(machine.responseReceived(id: 2) == .none)
        #expect(machine.callTimedOut(id: 1) == .complete(10, thenClose: false))
        #expect(machine.responseReceived(id: 1) == .none, "a late response after the deadline is dropped")
    }

    @Test("a frame above the server's max_frame, or too many calls, fail locally")
    func limits() {
        var machine = ready(maxInFlight: 1, maxFrame: 100)
        guard case .fail(let tooLarge) = machine.send(id: 1, frameSize: 101, 1) else {
            Issue.record("an oversized frame was written")
            return
        }
        #expect(tooLarge.code == .frameTooLarge)
        #expect(machine.send(id: 2, frameSize: 100, 2) == .write)
        guard case .fail(let full) = machine.send(id: 3, frameSize: 10, 3) else {
            Issue.record("admitted beyond capacity")
            return
        }
        #expect(full.code == .overloaded)
    }

    @Test("shutdown drains, then closes after the last answer")
    func shutdown() {
        var machine = ready()
        _ = machine.send(id: 1, frameSize: 10, 10)
        #expect(machine.shutdown() == .drain)
        #expect(machine.send(id: 2, frameSize: 10, 20) == .retryElsewhere)
        #expect(machine.callCancelled(id: 1) == .complete(10, thenClose: true))
        var idle = ready()
        #expect(idle.shutdown() == .close)
    }

    @Test("a connection-level error fails every call")
    func connectionError() {
        var machine = ready()
        _ = machine.send(id: 1, frameSize: 10, 10)
        _ = machine.send(id: 2, frameSize: 10, 20)
        let error = RPCError.transport("gone")
        guard case .failAndClose(let calls, let reported) = machine.connectionError(error) else {
            Issue.record("calls were not failed")
            return
        }
        #expect(Set(calls) == [10, 20])
        #expect(reported == error)
        #expect(machine.channelInactive().calls.isEmpty)
    }

    @Test("closing the channel fails calls in flight, or the pending handshake")
    func inactive() {
        var machine = ready()
        _ = machine.send(id: 1, frameSize: 10, 10)
        let (calls, handshakePending) = machine.channelInactive()
        #expect(calls == [10])
        #expect(!handshakePending)
        var connecting = Machine(maxInFlight: 8)
        _ = connecting.channelActive()
        #expect(connecting.channelInactive().handshakePending)
    }
}

@Suite("In-flight table")
struct InFlightTableTests {
    @Test("insert, duplicate, full, remove")
    func table() {
        var table = InFlightTable<String>(capacity: 2)
        #expect(table.insert(1, "a") == .inserted)
        #expect(table.insert(1, "b") == .duplicate)
        #expect(table.insert(2, "b") == .inserted)
        #expect(table.insert(3, "c") == .full)
        #expect(table.remove(1) == "a")
        #expect(table.remove(1) == nil)
        #expect(table.insert(3, "c") == .inserted)
        #expect(Set(table.removeAll()) == ["b", "c"])
        #expect(table.isEmpty)
    }
}
