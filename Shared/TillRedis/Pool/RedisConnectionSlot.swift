import Logging
import NIOCore
import Synchronization

/// One pooled connection on a fixed event loop, (re)made on demand.
final class RedisConnectionSlot: Sendable {
    typealias Waiter = CheckedContinuation<Result<RedisConnection, RedisError>, Never>

    private let state: Mutex<ConnectionSlotStateMachine<RedisConnection, Waiter>>
    /// The loop the connection lives on.
    let eventLoop: any EventLoop
    private let factory: RedisConnectionFactory

    init(eventLoop: any EventLoop, factory: RedisConnectionFactory, backoff: ReconnectBackoff = ReconnectBackoff()) {
        self.eventLoop = eventLoop
        self.factory = factory
        self.state = Mutex(ConnectionSlotStateMachine(backoff: backoff))
    }

    /// The connection if it is ready now, without waiting.
    var readyConnection: RedisConnection? {
        state.withLock { $0.readyConnection }
    }

    /// The connection, connecting first if needed.
    /// - Throws: the connect error (also, without a new attempt, during the backoff after a
    ///   failed attempt), or ``RedisError/Code/clientShutdown``.
    func connection() async throws(RedisError) -> RedisConnection {
        if let connection = readyConnection { return connection }
        let result = await withCheckedContinuation { (waiter: Waiter) in
            let action = state.withLock { $0.acquire(waiter, now: .now()) }
            switch action {
            case .use(let connection): waiter.resume(returning: .success(connection))
            case .fail(let error): waiter.resume(returning: .failure(error))
            case .wait: break
            case .connect: startConnecting()
            }
        }
        return try result.get()
    }

    /// Starts reconnecting if the slot is idle (or its backoff is over), without waiting.
    func reconnectInBackground() {
        if case .connect = state.withLock({ $0.reconnect(now: .now()) }) {
            startConnecting()
        }
    }

    /// Closes the connection, letting commands in flight finish for up to `gracePeriod`.
    func shutdown(gracePeriod: Duration) async {
        switch state.withLock({ $0.shutdown() }) {
        case .none:
            break
        case .close(let connection):
            try? await connection.close(gracePeriod: gracePeriod).get()
        case .fail(let waiters):
            for waiter in waiters { waiter.resume(returning: .failure(.clientShutdown())) }
        }
    }

    private func startConnecting() {
        factory.makeConnection(on: eventLoop).whenComplete { result in
            switch result {
            case .success(let connection):
                self.connected(connection)
            case .failure(let error):
                let error = RedisError.wrapping(error)
                let waiters = self.state.withLock { $0.connectFailed(error, now: .now()) }
                for waiter in waiters { waiter.resume(returning: .failure(error)) }
            }
        }
    }

    private func connected(_ connection: RedisConnection) {
        switch state.withLock({ $0.connected(connection) }) {
        case .close:
            connection.close(gracePeriod: .zero)
        case .resume(let waiters):
            connection.channel.closeFuture.whenComplete { _ in
                if self.state.withLock({ $0.closed(connection) }) {
                    self.factory.logger.debug("Redis connection closed", metadata: ["redis.connection.id": "\(connection.id)"])
                }
            }
            for waiter in waiters { waiter.resume(returning: .success(connection)) }
        }
    }
}
