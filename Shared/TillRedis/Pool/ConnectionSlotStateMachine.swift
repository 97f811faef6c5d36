import NIOCore

/// One connection's place in the pool, without I/O: when to connect, who waits for it, when to
/// back off. ``RedisConnectionSlot`` performs the actions.
///
/// Connections are made lazily, on the first call that needs one and again on the first call
/// after one closed; a failed attempt starts a backoff during which calls fail fast.
struct ConnectionSlotStateMachine<Connection: AnyObject, Waiter> {
    private enum State {
        case idle
        case connecting([Waiter])
        case ready(Connection)
        case backingOff(until: NIODeadline, error: RedisError)
        case shutdown
    }

    private var state = State.idle
    private var failures = 0
    let backoff: ReconnectBackoff

    init(backoff: ReconnectBackoff = ReconnectBackoff()) {
        self.backoff = backoff
    }

    /// The connection, if one is ready: the lock-cheap hot path.
    var readyConnection: Connection? {
        if case .ready(let connection) = state { return connection }
        return nil
    }

    /// Whether ``shutdown()`` was called.
    var isShutdown: Bool {
        if case .shutdown = state { return true }
        return false
    }

    enum AcquireAction {
        /// Use this connection.
        case use(Connection)
        /// Start connecting; the waiter was queued.
        case connect
        /// A connection attempt is under way; the waiter was queued.
        case wait
        /// Fail the caller at once.
        case fail(RedisError)
    }

    /// A caller needs the connection.
    mutating func acquire(_ waiter: Waiter, now: NIODeadline) -> AcquireAction {
        switch state {
        case .ready(let connection):
            return .use(connection)
        case .idle:
            state = .connecting([waiter])
            return .connect
        case .connecting(var waiters):
            waiters.append(waiter)
            state = .connecting(waiters)
            return .wait
        case .backingOff(let until, let error):
            guard now >= until else { return .fail(error) }
            state = .connecting([waiter])
            return .connect
        case .shutdown:
            return .fail(.clientShutdown())
        }
    }

    enum ReconnectAction {
        /// Start connecting (no caller waits yet).
        case connect
        /// Backing off: try again at this time.
        case retry(at: NIODeadline)
        /// Connected, connecting, or shut down: nothing to do.
        case none
    }

    /// Someone wants the connection back without a caller waiting (a subscription to restore).
    mutating func reconnect(now: NIODeadline) -> ReconnectAction {
        switch state {
        case .idle:
            state = .connecting([])
            return .connect
        case .backingOff(let until, _):
            guard now >= until else { return .retry(at: until) }
            state = .connecting([])
            return .connect
        case .connecting, .ready, .shutdown:
            return .none
        }
    }

    enum ConnectedAction {
        /// The connection is ready: resume these waiters with it.
        case resume([Waiter])
        /// Shut down meanwhile: close the new connection.
        case close
    }

    /// A connection attempt succeeded.
    mutating func connected(_ connection: Connection) -> ConnectedAction {
        switch state {
        case .connecting(let waiters):
            state = .ready(connection)
            failures = 0
            return .resume(waiters)
        case .idle, .ready, .backingOff, .shutdown:
            return .close
        }
    }

    /// A connection attempt failed: fail these waiters; calls fail fast until the backoff ends.
    mutating func connectFailed(_ error: RedisError, now: NIODeadline) -> [Waiter] {
        guard case .connecting(let waiters) = state else { return [] }
        failures += 1
        state = .backingOff(until: now + TimeAmount(backoff.delay(afterFailures: failures)), error: error)
        return waiters
    }

    /// `connection` closed. The next call reconnects at once: a dropped connection is usually
    /// a restarted server, and a failing attempt starts the backoff anyway.
    /// - Returns: whether it was this slot's current connection.
    @discardableResult
    mutating func closed(_ connection: Connection) -> Bool {
        guard case .ready(let current) = state, current === connection else { return false }
        state = .idle
        return true
    }

    enum ShutdownAction {
        case none
        /// Close this connection.
        case close(Connection)
        /// Fail these waiters of an attempt under way (its connection is closed when it arrives).
        case fail([Waiter])
    }

    mutating func shutdown() -> ShutdownAction {
        let previous = state
        state = .shutdown
        switch previous {
        case .ready(let connection): return .close(connection)
        case .connecting(let waiters): return .fail(waiters)
        case .idle, .backingOff, .shutdown: return .none
        }
    }
}
