import Logging
import NIOCore
import Synchronization

/// Owns the connections of one ``RPCClient`` and performs what ``ConnectionPoolStateMachine`` decides.
final class ConnectionPool: Sendable {
    typealias Machine = ConnectionPoolStateMachine<ClientConnection, EventLoopPromise<ClientConnection>>

    private let configuration: RPCClientConfiguration
    private let codec: RPCCodec
    private let logger: Logger
    private let machine: Mutex<Machine>
    /// Completed when shutdown has closed every connection.
    let closed: EventLoopPromise<Void>
    private let openConnections = Mutex<[ObjectIdentifier: EventLoopFuture<Void>]>([:])

    init(configuration: RPCClientConfiguration, codec: RPCCodec, logger: Logger) {
        self.configuration = configuration
        self.codec = codec
        self.logger = logger
        self.machine = Mutex(Machine(
            addressCount: configuration.addresses.count,
            connectionsPerAddress: configuration.connectionsPerAddress
        ))
        self.closed = configuration.eventLoopGroup.any().makePromise(of: Void.self)
    }

    /// A ready connection: an open one, or a new one to a replica that is not in backoff.
    /// Fails over to the next replica when a connection attempt fails.
    func connection(before deadline: NIODeadline) async throws(RPCError) -> ClientConnection {
        let group = configuration.eventLoopGroup
        // Every attempt either succeeds or puts a replica in backoff, so this terminates quickly.
        let attempts = configuration.addresses.count * configuration.connectionsPerAddress + 1
        var lastError: RPCError?
        for _ in 0..<attempts {
            let action = machine.withLock { $0.acquire(now: .now(), makeAttempt: { group.any().makePromise() }) }
            let attempt: EventLoopPromise<ClientConnection>
            switch action {
            case .use(let connection, let grow):
                if let (slot, attempt) = grow { establish(slot, attempt) }
                return connection
            case .connect(let slot, let newAttempt):
                establish(slot, newAttempt)
                attempt = newAttempt
            case .wait(let pending):
                attempt = pending
            case .fail(let error):
                throw lastError?.source == .server ? (lastError ?? error) : error
            }
            do {
                return try await Self.wait(for: attempt.futureResult, until: deadline)
            } catch {
                if error.code == .deadlineExceeded || error.code == RPCError.cancelledCode { throw error }
                lastError = error
            }
        }
        throw lastError ?? .transport("no replica is reachable")
    }

    private func establish(_ slot: Machine.SlotID, _ attempt: EventLoopPromise<ClientConnection>) {
        let address = configuration.addresses[slot.address]
        ClientConnection.connect(to: address, configuration: configuration, codec: codec, logger: logger)
            .whenComplete { result in
                switch result {
                case .success(let connection):
                    let kept = self.machine.withLock { $0.connected(slot, connection) }
                    guard kept else {
                        connection.channel.close(promise: nil)
                        attempt.fail(RPCError.transport("the client is shut down"))
                        return
                    }
                    self.track(connection, slot: slot)
                    attempt.succeed(connection)
                case .failure(let failure):
                    let error = (failure as? RPCError) ?? .transport("cannot connect to \(address): \(failure)")
                    let delay = self.machine.withLock { machine in
                        let delay = self.configuration.reconnectBackoff.delay(
                            afterFailures: machine.failures(of: slot) + 1,
                            jitter: Double.random(in: 0...1)
                        )
                        machine.connectFailed(slot, error: error, retryAt: .now() + TimeAmount(delay))
                        return delay
                    }
                    self.logger.info(
                        "rpc connection failed",
                        metadata: ["rpc.peer": "\(address)", "error": "\(error.message)", "retry_in": "\(delay)"]
                    )
                    attempt.fail(error)
                }
            }
    }

    private func track(_ connection: ClientConnection, slot: Machine.SlotID) {
        let key = ObjectIdentifier(connection)
        openConnections.withLock { $0[key] = connection.channel.closeFuture }
        connection.channel.closeFuture.whenComplete { _ in
            self.openConnections.withLock { $0[key] = nil }
            self.machine.withLock { $0.closed(slot) }
        }
    }

    /// Stops handing out connections and shuts the open ones down (gracefully: calls in flight finish).
    func shutdown() {
        guard let connections = machine.withLock({ $0.shutdown() }) else { return }
        for connection in connections { connection.shutdown() }
        let closing = openConnections.withLock { Array($0.values) }
        let loop = closed.futureResult.eventLoop
        EventLoopFuture.andAllComplete(closing, on: loop).cascade(to: closed)
    }

    /// Waits for `future`, giving up at `deadline` or when the task is cancelled.
    private static func wait(
        for future: EventLoopFuture<ClientConnection>,
        until deadline: NIODeadline
    ) async throws(RPCError) -> ClientConnection {
        let loop = future.eventLoop
        let bounded = loop.makePromise(of: ClientConnection.self)
        future.cascade(to: bounded)
        let timer = loop.scheduleTask(deadline: deadline) {
            bounded.fail(RPCError.deadlineExceeded("the call's deadline passed while connecting"))
        }
        bounded.futureResult.whenComplete { _ in timer.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await bounded.futureResult.get()
            } onCancel: {
                bounded.fail(RPCError.cancelled)
            }
        } catch let error as RPCError {
            throw error
        } catch {
            throw .transport("\(error)")
        }
    }
}
