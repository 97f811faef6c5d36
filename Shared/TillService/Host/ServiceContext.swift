import Logging
import TillRedis

/// What a service's method handlers are built with.
public struct ServiceContext: Sendable {
    /// The validated settings the process started with.
    public let settings: ServiceSettings
    /// The shared Redis client (pooled, pipelined).
    public let redis: RedisClient
    /// The service's root logger; handlers log through `RPCContext.logger`, which adds the trace id.
    public let logger: Logger
    /// Breakers registered here appear in `<service>.health`.
    public let breakers: BreakerRegistry
    /// When the process began to shut down: drains bounded from that moment end together.
    public let shutdown: ProcessShutdown
}
