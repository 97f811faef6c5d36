/// The life of one client connection — hello sent → ready → draining → closed — and its calls in flight.
///
/// Pure: the connection handler feeds it events and performs the returned actions. `Call` is the
/// handler's per-call record.
struct ClientConnectionStateMachine<Call> {
    enum Phase: Hashable, Sendable { case connecting, awaitingWelcome, ready, draining, closing, closed }

    private enum State {
        case connecting
        case awaitingWelcome
        case ready(InFlightTable<Call>, maxFrame: Int)
        /// Shutting down: calls in flight finish, new ones go elsewhere.
        case draining(InFlightTable<Call>, maxFrame: Int)
        case closing(InFlightTable<Call>?)
        case closed
        case modifying
    }

    private var state: State = .connecting
    private let maxInFlight: Int

    init(maxInFlight: Int) {
        self.maxInFlight = maxInFlight
    }

    var phase: Phase {
        switch state {
        case .connecting: .connecting
        case .awaitingWelcome: .awaitingWelcome
        case .ready: .ready
        case .draining: .draining
        case .closing: .closing
        case .closed: .closed
        case .modifying: preconditionFailure("state machine re-entered while modifying")
        }
    }

    // MARK: Handshake

    /// The TCP connection is up: send the hello.
    mutating func channelActive() -> Bool {
        guard case .connecting = state else { return false }
        state = .awaitingWelcome
        return true
    }

    enum HandshakeAction: Hashable {
        /// Complete the connection attempt successfully.
        case succeed
        /// Fail the attempt with this error and close.
        case failAndClose(RPCError)
        case none
    }

    mutating func welcomeReceived(maxFrame: Int) -> HandshakeAction {
        guard case .awaitingWelcome = state else { return .none }
        state = .ready(InFlightTable(capacity: maxInFlight), maxFrame: maxFrame)
        return .succeed
    }

    /// The server refused the hello, sent something else, or did not answer in time.
    mutating func handshakeFailed(_ error: RPCError) -> HandshakeAction {
        switch state {
        case .connecting, .awaitingWelcome:
            state = .closing(nil)
            return .failAndClose(error)
        default:
            return .none
        }
    }

    // MARK: Calls

    enum SendAction: Hashable {
        case write
        /// Not written: the caller fails the call with this error.
        case fail(RPCError)
        /// Not written because this connection is going away: try another.
        case retryElsewhere
    }

    mutating func send(id: UInt64, frameSize: Int, _ call: Call) -> SendAction {
        guard case .ready(var table, let maxFrame) = state else { return .retryElsewhere }
        guard frameSize <= maxFrame else {
            return .fail(
                RPCError(
                    WireError(.frameTooLarge, "the request is \(frameSize) bytes; the server accepts at most \(maxFrame)"),
                    source: .local
                )
            )
        }
        state = .modifying
        let result = table.insert(id, call)
        state = .ready(table, maxFrame: maxFrame)
        switch result {
        case .inserted:
            return .write
        case .full:
            return .fail(RPCError(WireError(.overloaded, "too many calls in flight on this connection"), source: .local))
        case .duplicate:
            preconditionFailure("request id \(id) reused while in flight")
        }
    }

    enum Completion {
        /// Complete this call; close the connection afterwards if it was only draining for it.
        case complete(Call, thenClose: Bool)
        /// Unknown id: answered already (deadline, cancellation) or never sent.
        case none
    }

    /// A response arrived for `id`.
    mutating func responseReceived(id: UInt64) -> Completion { remove(id) }

    /// The call's own deadline passed.
    mutating func callTimedOut(id: UInt64) -> Completion { remove(id) }

    /// The caller's task was cancelled.
    mutating func callCancelled(id: UInt64) -> Completion { remove(id) }

    private mutating func remove(_ id: UInt64) -> Completion {
        switch state {
        case .ready(var table, let maxFrame):
            state = .modifying
            let call = table.remove(id)
            state = .ready(table, maxFrame: maxFrame)
            return call.map { .complete($0, thenClose: false) } ?? .none
        case .draining(var table, let maxFrame):
            state = .modifying
            let call = table.remove(id)
            let close = table.isEmpty
            state = close ? .closing(nil) : .draining(table, maxFrame: maxFrame)
            return call.map { .complete($0, thenClose: close) } ?? .none
        case .closing(var table):
            state = .modifying
            let call = table?.remove(id)
            state = .closing(table)
            return call.map { .complete($0, thenClose: false) } ?? .none
        case .connecting, .awaitingWelcome, .closed:
            return .none
        case .modifying:
            preconditionFailure("state machine re-entered while modifying")
        }
    }

    // MARK: Lifecycle

    enum FailAllAction {
        /// Fail these calls with the error, and close.
        case failAndClose([Call], RPCError)
        case none
    }

    /// A connection-level error from the server (`id: null`) or an unreadable frame: nothing on this
    /// connection can be trusted any more.
    mutating func connectionError(_ error: RPCError) -> FailAllAction {
        switch state {
        case .ready(var table, _), .draining(var table, _):
            state = .closing(nil)
            return .failAndClose(table.removeAll(), error)
        case .closing(var table):
            state = .closing(nil)
            return .failAndClose(table?.removeAll() ?? [], error)
        case .connecting, .awaitingWelcome, .closed, .modifying:
            return .none
        }
    }

    enum ShutdownAction: Hashable {
        case close
        /// Wait for the calls in flight (the drain timer bounds it).
        case drain
        case none
    }

    mutating func shutdown() -> ShutdownAction {
        switch state {
        case .connecting, .awaitingWelcome:
            state = .closing(nil)
            return .close
        case .ready(let table, let maxFrame):
            if table.isEmpty {
                state = .closing(nil)
                return .close
            }
            state = .draining(table, maxFrame: maxFrame)
            return .drain
        case .draining, .closing, .closed:
            return .none
        case .modifying:
            preconditionFailure("state machine re-entered while modifying")
        }
    }

    /// The channel closed. Returns the calls to fail, and whether the handshake never completed.
    mutating func channelInactive() -> (calls: [Call], handshakePending: Bool) {
        let state = self.state
        self.state = .closed
        switch state {
        case .connecting, .awaitingWelcome:
            return ([], true)
        case .ready(var table, _), .draining(var table, _):
            return (table.removeAll(), false)
        case .closing(var table):
            return (table?.removeAll() ?? [], false)
        case .closed, .modifying:
            return ([], false)
        }
    }
}

extension ClientConnectionStateMachine.Completion: Equatable where Call: Equatable {}
extension ClientConnectionStateMachine.FailAllAction: Equatable where Call: Equatable {}
