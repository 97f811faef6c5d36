import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A client of one Till service (all its replicas): authenticated, pooled, multiplexed connections.
///
/// ```swift
/// let inventory = RPCClient(configuration: .init(addresses: try PeerAddress.list(env), clientName: "orchestrator-1",
///                                                key: keyRing.signingKey), logger: logger)
/// let pong = try await inventory.call("inventory.ping", params: Empty(), as: PingResult.self, deadline: .seconds(2))
/// ```
///
/// Connections open on first use. Run the client in a `ServiceGroup` (listed before the servers that
/// use it) so that graceful shutdown lets its calls in flight finish before its connections close.
public final class RPCClient: Service, Sendable {
    let configuration: RPCClientConfiguration
    let codec = RPCCodec()
    let pool: ConnectionPool
    private let nextID = Atomic<UInt64>(1)

    /// - Precondition: at least one address, a valid client name, positive pool size.
    public init(configuration: RPCClientConfiguration, logger: Logger) {
        precondition(!configuration.addresses.isEmpty, "an RPCClient needs at least one address")
        precondition(ClientName.isValid(configuration.clientName), "invalid client name \(configuration.clientName)")
        precondition(configuration.connectionsPerAddress > 0, "connectionsPerAddress must be positive")
        self.configuration = configuration
        self.pool = ConnectionPool(configuration: configuration, codec: codec, logger: logger)
    }

    deinit {
        pool.shutdown()
    }

    /// Keeps the client until graceful shutdown (or cancellation), then shuts it down.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await pool.closed.futureResult.get()
            } onCancel: {
                self.pool.shutdown()
            }
        } onGracefulShutdown: {
            self.pool.shutdown()
        }
    }

    /// Refuses new calls, lets calls in flight finish (at most the drain timeout), and closes every connection.
    public func shutdown() async {
        pool.shutdown()
        try? await pool.closed.futureResult.get()
    }

    /// A request id unique among all of this client's connections.
    func makeRequestID() -> UInt64 {
        nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}
