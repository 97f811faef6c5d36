import NIOCore

/// The life of one server connection — handshake → ready → draining → closed — and its in-flight requests.
///
/// Pure: every input returns what the connection handler must do; timers, sockets and tasks stay in
/// the handler. `Pending` is the handler's per-request record (a task and a deadline timer).
struct ServerConnectionStateMachine<Pending> {
    /// The connection's phase, for logs and tests.
    enum Phase: Hashable, Sendable { case awaitingHello, authenticating, ready, draining, closing, closed }

    private struct Session {
        var identity: ClientIdentity
        var inFlight: InFlightTable<Pending>
        /// The peer half-closed its side: answer what is in flight, then close.
        var inputClosed = false

        var isFinished: Bool { inputClosed && inFlight.isEmpty }
    }

    private enum State {
        case awaitingHello
        /// The hello passed the local checks; the nonce is being claimed. Frames that arrive meanwhile wait.
        case authenticating(buffered: [ByteBuffer])
        case ready(Session)
        /// Graceful shutdown: in-flight requests finish, new ones get `unavailable`.
        case draining(Session)
        /// Close requested; in-flight requests are kept until the channel is inactive, to cancel them.
        case closing(InFlightTable<Pending>?)
        case closed
        /// Placeholder while a session is mutated in place (avoids copying its table).
        case modifying
    }

    private var state: State = .awaitingHello
    private let maxInFlight: Int

    init(maxInFlight: Int) {
        self.maxInFlight = maxInFlight
    }

    var phase: Phase {
        switch state {
        case .awaitingHello: .awaitingHello
        case .authenticating: .authenticating
        case .ready: .ready
        case .draining: .draining
        case .closing: .closing
        case .closed: .closed
        case .modifying: preconditionFailure("state machine re-entered while modifying")
        }
    }

    var inFlightCount: Int {
        switch state {
        case .ready(let session), .draining(let session): session.inFlight.count
        case .closing(let table): table?.count ?? 0
        default: 0
        }
    }

    // MARK: Frames and handshake

    enum FrameAction {
        /// The first frame: verify it as a hello.
        case verifyHello
        /// Held until the handshake completes.
        case buffered
        /// A request from an authenticated client.
        case request(ClientIdentity)
        /// The connection is closing; the frame is dropped.
        case ignore
    }

    mutating func frameReceived(_ frame: ByteBuffer) -> FrameAction {
        switch state {
        case .awaitingHello:
            return .verifyHello
        case .authenticating(var buffered):
            state = .modifying
            buffered.append(frame)
            state = .authenticating(buffered: buffered)
            return .buffered
        case .ready(let session), .draining(let session):
            return .request(session.identity)
        case .closing, .closed:
            return .ignore
        case .modifying:
            preconditionFailure("state machine re-entered while modifying")
        }
    }

    /// The hello passed the local checks; the nonce claim has started.
    mutating func helloVerifying() {
        guard case .awaitingHello = state else { return }
        state = .authenticating(buffered: [])
    }

    enum HandshakeCompletion {
        /// Send the welcome, then handle the frames that arrived during the handshake.
        case sendWelcome(replay: [ByteBuffer])
        /// The connection closed (or began closing) meanwhile.
        case ignore
    }

    mutating func handshakeSucceeded(_ identity: ClientIdentity) -> HandshakeCompletion {
        guard case .authenticating(let buffered) = state else { return .ignore }
        state = .ready(Session(identity: identity, inFlight: InFlightTable(capacity: maxInFlight)))
        return .sendWelcome(replay: buffered)
    }

    enum CloseAction: Hashable {
        case none
        case close
        case sendErrorAndClose(WireError)
    }

    mutating func handshakeFailed(_ error: WireError) -> CloseAction {
        switch state {
        case .awaitingHello, .authenticating:
            state = .closing(nil)
            return .sendErrorAndClose(error)
        default:
            return .none
        }
    }

    mutating func handshakeTimedOut() -> CloseAction {
        switch state {
        case .authenticating:
            // The hello was fine but its nonce could not be checked in time (a stalled cache): retriable.
            return handshakeFailed(WireError(.unavailable, "the hello could not be verified in time"))
        default:
            return handshakeFailed(WireError(.unauthenticated, "no hello within the handshake timeout"))
        }
    }

    /// A framing or envelope violation (`invalid_json`, `frame_too_large`, a request without an id).
    mutating func protocolViolation(_ error: WireError) -> CloseAction {
        switch state {
        case .awaitingHello, .authenticating:
            state = .closing(nil)
        case .ready(let session), .draining(let session):
            state = .closing(session.inFlight)
        case .closing, .closed:
            return .none
        case .modifying:
            preconditionFailure("state machine re-entered while modifying")
        }
        return .sendErrorAndClose(error)
    }

    // MARK: Requests

    enum RequestGate: Hashable {
        case proceed
        case reject(WireError)
    }

    /// The first check of a request with a usable id: a duplicate or a request during draining is refused.
    func requestReceived(id: UInt64) -> RequestGate {
        switch state {
        case .ready(let session):
            if session.inFlight.contains(id) {
                return .reject(.badRequest(field: "id", "request id \(id) is already in flight on this connection"))
            }
            return .proceed
        case .draining:
            return .reject(WireError(.unavailable, "the server is shutting down"))
        default:
            return .reject(WireError(.unavailable, "the connection is closing"))
        }
    }

    enum Admission: Hashable {
        case admitted
        case rejected(WireError)
    }

    /// Admits a validated request to the in-flight table (per-connection limit).
    mutating func admit(id: UInt64, _ pending: Pending) -> Admission {
        guard case .ready(var session) = state else {
            return .rejected(WireError(.unavailable, "the server is shutting down"))
        }
        state = .modifying
        let result = session.inFlight.insert(id, pending)
        state = .ready(session)
        switch result {
        case .inserted:
            return .admitted
        case .duplicate:
            return .rejected(.badRequest(field: "id", "request id \(id) is already in flight on this connection"))
        case .full:
            return .rejected(WireError(.overloaded, "too many requests in flight on this connection"))
        }
    }

    enum Completion {
        /// Answer the request; then close if the connection was only waiting for it.
        case send(Pending, thenClose: Bool)
        /// Already answered (deadline) or the connection is closing.
        case drop
    }

    /// A handler finished.
    mutating func requestCompleted(id: UInt64) -> Completion {
        finish(id)
    }

    /// A request's deadline passed before its handler finished: answer `deadline_exceeded`, cancel the handler.
    mutating func deadlineExpired(id: UInt64) -> Completion {
        finish(id)
    }

    private mutating func finish(_ id: UInt64) -> Completion {
        switch state {
        case .ready(var session):
            state = .modifying
            let pending = session.inFlight.remove(id)
            let close = session.isFinished
            state = close ? .closing(nil) : .ready(session)
            return pending.map { .send($0, thenClose: close) } ?? .drop
        case .draining(var session):
            state = .modifying
            let pending = session.inFlight.remove(id)
            let close = session.inFlight.isEmpty
            state = close ? .closing(nil) : .draining(session)
            return pending.map { .send($0, thenClose: close) } ?? .drop
        case .closing:
            // Kept in the table: `channelInactive` hands every admitted request back exactly once,
            // which is where its share of the server-wide in-flight limit is released.
            return .drop
        case .awaitingHello, .authenticating, .closed:
            return .drop
        case .modifying:
            preconditionFailure("state machine re-entered while modifying")
        }
    }

    // MARK: Lifecycle

    enum ShutdownAction: Hashable {
        case none
        case close
        case sendErrorAndClose(WireError)
        /// Let in-flight requests finish (start the drain timer).
        case drain
    }

    /// Graceful shutdown began.
    mutating func shutdownRequested() -> ShutdownAction {
        switch state {
        case .awaitingHello, .authenticating:
            state = .closing(nil)
            return .sendErrorAndClose(WireError(.unavailable, "the server is shutting down"))
        case .ready(let session):
            if session.inFlight.isEmpty {
                state = .closing(nil)
                return .close
            }
            state = .draining(session)
            return .drain
        case .draining, .closing, .closed:
            return .none
        case .modifying:
            preconditionFailure("state machine re-entered while modifying")
        }
    }

    /// The drain timeout passed with requests still in flight: close anyway (they are cancelled).
    mutating func drainTimedOut() -> CloseAction {
        guard case .draining(let session) = state else { return .none }
        state = .closing(session.inFlight)
        return .close
    }

    /// The peer half-closed: finish what is in flight, then close.
    mutating func inputClosed() -> CloseAction {
        switch state {
        case .awaitingHello, .authenticating:
            state = .closing(nil)
            return .close
        case .ready(var session):
            state = .modifying
            session.inputClosed = true
            state = session.inFlight.isEmpty ? .closing(nil) : .ready(session)
            return session.inFlight.isEmpty ? .close : .none
        case .draining(let session):
            if session.inFlight.isEmpty {
                state = .closing(nil)
                return .close
            }
            return .none
        case .closing, .closed:
            return .none
        case .modifying:
            preconditionFailure("state machine re-entered while modifying")
        }
    }

    /// Nothing was read or written for the idle timeout.
    mutating func idleTimedOut() -> CloseAction {
        guard case .ready(let session) = state, session.inFlight.isEmpty else { return .none }
        state = .closing(nil)
        return .close
    }

    /// The channel closed: everything still in flight is returned, to cancel.
    mutating func channelInactive() -> [Pending] {
        let state = self.state
        self.state = .closed
        switch state {
        case .ready(var session), .draining(var session):
            return session.inFlight.removeAll()
        case .closing(var table):
            return table?.removeAll() ?? []
        default:
            return []
        }
    }
}

extension ServerConnectionStateMachine.FrameAction: Equatable {}
extension ServerConnectionStateMachine.HandshakeCompletion: Equatable {}
extension ServerConnectionStateMachine.Completion: Equatable where Pending: Equatable {}
