import ArgumentParser
import Logging
import Prometheus
import ServiceLifecycle
import TillAPI
import TillObservability
import TillRedis
import TillWire
import UnixSignals

/// Runs one Till service process: logging and metrics bootstrap, the Redis client, the RPC server
/// with the service's methods plus `<service>.ping` and `<service>.health`, and the admin HTTP
/// server, all in one `ServiceGroup` that shuts down gracefully on SIGTERM or SIGINT.
///
/// The group stops services in reverse order: the admin server first, then the RPC server (which
/// stops accepting and drains in-flight requests), and Redis last, because draining requests
/// still need it.
public struct ServiceHost: Sendable {
    private let settings: ServiceSettings

    public init(settings: ServiceSettings) {
        self.settings = settings
    }

    /// Boots the process and serves until a shutdown signal; `configure` registers the service's
    /// own methods.
    public func run(
        configure: @Sendable (inout RPCRouter, ServiceContext) throws -> Void = { _, _ in }
    ) async throws {
        try await runWithServices(configure: { router, context in
            try configure(&router, context)
            return []
        })
    }

    /// ``run(configure:)`` for a service that also runs its own long-lived `Service`s (background
    /// workers, another listener): `configure` registers the methods and returns them. They start
    /// after the Redis client and stop before it, after the RPC and admin servers.
    public func runWithServices(
        configure: @Sendable (inout RPCRouter, ServiceContext) throws -> [any Service]
    ) async throws {
        EventLoopSizing.apply(threads: settings.eventLoops)
        TillLogging.bootstrap(
            service: settings.service,
            level: settings.logLevel,
            format: settings.logFormat,
            redactor: Redactor()
        )
        let registry = TillMetrics.bootstrap()
        let logger = {
            var logger = Logger(label: "till.\(settings.service)")
            logger[metadataKey: "instance"] = "\(settings.instance)"
            return logger
        }()

        let keyRing = try settings.keyRing()
        var redisConfiguration = try RedisConfiguration(url: settings.redisURL)
        redisConfiguration.tls = try settings.tls.redisClient()
        let redis = RedisClient(configuration: redisConfiguration, logger: logger)
        let breakers = BreakerRegistry()
        let shutdown = ProcessShutdown()
        let context = ServiceContext(settings: settings, redis: redis, logger: logger, breakers: breakers, shutdown: shutdown)
        let probe = DependencyProbe(redis: redis, timeout: .seconds(1))

        var router = RPCRouter()
        registerBuiltInMethods(on: &router, probe: probe, breakers: breakers)
        let ownServices = try configure(&router, context)

        let server = RPCServer(
            configuration: try serverConfiguration(),
            router: router,
            keyRing: keyRing,
            nonceCache: RedisNonceCache(redis: redis),
            logger: logger
        )
        let admin = AdminServer(
            host: settings.adminListen.host,
            port: settings.adminListen.port,
            registry: registry,
            logger: logger,
            readiness: {
                Readiness(components: ["redis": await probe.redisIsUp() ? "ok" : "down"])
            },
            onServerRunning: { port in
                logger.info("admin server listening", metadata: ["admin.port": "\(port)"])
            }
        )
        let announcer = ListeningAnnouncer(server: server, settings: settings, logger: logger)

        // Redis first (stopped last); the service's own services next, so they stop after the
        // servers that may still be using them.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: redis)]
        services += ownServices.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) }
        services += [
            .init(service: server),
            .init(service: announcer, successTerminationBehavior: .ignore),
            .init(service: admin),
            // Last, so the first to hear of a shutdown.
            .init(service: shutdown, successTerminationBehavior: .ignore),
        ]
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        logger.info("service starting", metadata: settings.logMetadata)
        try await EventLoopSizing.preferringTheSoleLoop { try await group.run() }
        logger.info("service stopped")
    }

    private func registerBuiltInMethods(on router: inout RPCRouter, probe: DependencyProbe, breakers: BreakerRegistry) {
        let ping = PingResult(service: settings.service, version: TillVersion.current, instance: settings.instance)
        router.register("\(settings.service).ping") { (_: Empty, _: RPCContext) in ping }
        router.register("\(settings.service).health") { (_: Empty, _: RPCContext) in
            let redisUp = await probe.redisIsUp()
            let states = redisUp ? await breakers.states() : [:]
            let healthy = redisUp && states.values.allSatisfy { $0 == "closed" }
            return HealthResult(status: healthy ? "ok" : "degraded", redis: redisUp ? "ok" : "down", breakers: states)
        }
    }

    private func serverConfiguration() throws(ValidationError) -> RPCServerConfiguration {
        var configuration = RPCServerConfiguration(
            serverName: settings.instance,
            host: settings.listen.host,
            port: settings.listen.port
        )
        configuration.maxFrame = settings.maxFrame
        configuration.maxConnections = settings.maxConnections
        configuration.handshakeTimeout = settings.handshakeTimeout
        configuration.drainTimeout = settings.drainTimeout
        configuration.tls = try settings.tls.server()
        return configuration
    }
}

/// Logs the RPC server's bound address once it listens, so operators (and tests using port 0)
/// can find it.
private struct ListeningAnnouncer: Service {
    let server: RPCServer
    let settings: ServiceSettings
    let logger: Logger

    func run() async throws {
        let address = try await server.localAddress()
        logger.info(
            "rpc server listening",
            metadata: ["rpc.address": "\(address)", "service": "\(settings.service)"]
        )
    }
}
