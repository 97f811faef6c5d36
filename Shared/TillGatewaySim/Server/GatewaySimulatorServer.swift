import Hummingbird
import Logging
import ServiceLifecycle

/// `till-gateway-sim` as a `Service`: the HTTP API on `host:port` and, when configured, the
/// webhook dispatcher, both stopped by graceful shutdown.
///
/// ```swift
/// let server = GatewaySimulatorServer(configuration: .init(), host: "127.0.0.1", port: 0, logger: logger) { port in … }
/// let group = ServiceGroup(services: [server], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public struct GatewaySimulatorServer: Service {
    /// The simulator behind the API (its ``GatewaySimulator/stats`` are what `/_sim/stats` serves).
    public let simulator: GatewaySimulator
    private let webhooks: WebhookDispatcher?
    private let host: String
    private let port: Int
    private let logger: Logger
    private let onServerRunning: @Sendable (_ port: Int) async -> Void

    /// A server for `host:port` (port 0: any free port, reported to `onServerRunning`).
    public init(
        configuration: GatewaySimulatorConfiguration,
        host: String,
        port: Int,
        logger: Logger,
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) {
        let stats = SimulatorStats()
        let webhooks = configuration.webhooks.map {
            WebhookDispatcher(configuration: $0, stats: stats, clock: configuration.clock, logger: logger)
        }
        self.simulator = GatewaySimulator(configuration: configuration, stats: stats, webhooks: webhooks, logger: logger)
        self.webhooks = webhooks
        self.host = host
        self.port = port
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// Serves until graceful shutdown.
    public func run() async throws {
        let logger = self.logger
        let onServerRunning = self.onServerRunning
        let application = Application(
            router: GatewayRoutes(simulator: simulator).router(),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "till-gateway-sim"),
            onServerRunning: { channel in
                guard let port = channel.localAddress?.port else {
                    logger.error("Gateway simulator bound to an address without a port")
                    return
                }
                await onServerRunning(port)
            },
            logger: logger
        )
        try await withThrowingDiscardingTaskGroup { group in
            if let webhooks {
                group.addTask { try await webhooks.run() }
            }
            try await application.run()
            group.cancelAll()
        }
    }
}
