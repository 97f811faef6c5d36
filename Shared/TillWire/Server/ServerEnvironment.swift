import CoreMetrics
import Logging
import NIOCore

/// What every connection of one server shares: configuration, methods, keys, limits, metrics.
final class ServerEnvironment: Sendable {
    let configuration: RPCServerConfiguration
    let methods: [String: RPCMethod]
    let verifier: HandshakeVerifier
    let nonceCache: any NonceCache
    let metrics: RPCMetrics
    let codec = RPCCodec()
    let connections: AdmissionCounter
    let inFlight: AdmissionCounter
    let logger: Logger
    /// The welcome frame body, the same for every connection.
    let welcome: ByteBuffer

    init(
        configuration: RPCServerConfiguration,
        router: RPCRouter,
        keyRing: KeyRing,
        nonceCache: any NonceCache,
        logger: Logger
    ) {
        self.configuration = configuration
        self.methods = router.methods
        self.verifier = HandshakeVerifier(keyRing: keyRing, unixTime: configuration.unixTime)
        self.nonceCache = nonceCache
        self.metrics = RPCMetrics(
            methods: router.registeredMethods,
            factory: configuration.metricsFactory ?? MetricsSystem.factory
        )
        self.connections = AdmissionCounter(limit: configuration.maxConnections)
        self.inFlight = AdmissionCounter(limit: configuration.maxInFlightTotal)
        self.logger = logger
        self.welcome = Welcome(server: configuration.serverName, maxFrame: configuration.maxFrame).encoded()
    }
}
