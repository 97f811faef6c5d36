import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle

/// The admin HTTP server every Till service runs next to its RPC listener.
///
/// It answers three GET routes and nothing else:
/// - `/metrics`: the Prometheus registry in the text exposition format (0.0.4);
/// - `/healthz`: `200 {"status":"ok"}` for as long as the process serves HTTP (liveness);
/// - `/readyz`: `200` or `503` with the JSON of the injected readiness check (see ``Readiness``).
///
/// Other methods get `405`, other paths `404`; nothing can change state through it. Requests are
/// logged at `debug` through the injected logger, so through the redacting handler.
///
/// Run it in the service's `ServiceGroup`; graceful shutdown stops accepting and lets in-flight
/// requests finish. Bind to port 0 for an ephemeral port and learn it from `onServerRunning`.
public struct AdminServer: Service {
    /// How long `/readyz` waits for the readiness check before answering 503 with
    /// `{"readiness": "timeout"}` (a probe must answer even when a dependency hangs).
    public static let defaultReadinessTimeout: Duration = .seconds(2)

    private let host: String
    private let port: Int
    private let registry: PrometheusCollectorRegistry
    private let readiness: @Sendable () async -> Readiness
    private let readinessTimeout: Duration
    private let logger: Logger
    private let onServerRunning: @Sendable (_ port: Int) async -> Void

    /// An admin server for `host:port`.
    ///
    /// - Parameters:
    ///   - host: The address to bind, e.g. `127.0.0.1`, or `0.0.0.0` in a container.
    ///   - port: The port to bind; 0 picks a free one.
    ///   - registry: The registry `/metrics` exposes (from ``TillMetrics/bootstrap()``).
    ///   - readinessTimeout: The longest `/readyz` waits for `readiness`. The check is cancelled
    ///     then, so it should honour task cancellation.
    ///   - logger: For Hummingbird's own and the request logs.
    ///   - readiness: Asked on every `/readyz`.
    ///   - onServerRunning: Called once the socket is bound, with the bound port.
    public init(
        host: String,
        port: Int,
        registry: PrometheusCollectorRegistry,
        readinessTimeout: Duration = Self.defaultReadinessTimeout,
        logger: Logger,
        readiness: @escaping @Sendable () async -> Readiness,
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.registry = registry
        self.readiness = readiness
        self.readinessTimeout = readinessTimeout
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    /// Binds the admin address and serves until graceful shutdown.
    public func run() async throws {
        let onServerRunning = self.onServerRunning
        let logger = self.logger
        let application = Application(
            router: AdminRoutes(
                registry: self.registry,
                readiness: self.readiness,
                readinessTimeout: self.readinessTimeout
            ).router(),
            configuration: ApplicationConfiguration(address: .hostname(self.host, port: self.port)),
            onServerRunning: { channel in
                guard let port = channel.localAddress?.port else {
                    logger.error("Admin server bound to an address without a port")
                    return
                }
                await onServerRunning(port)
            },
            logger: self.logger
        )
        try await application.run()
    }
}
