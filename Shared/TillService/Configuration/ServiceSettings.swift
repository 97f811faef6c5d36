import Logging
import TillObservability

/// The validated settings every service runs with (see ``CommonSettings`` for each one's meaning).
///
/// Its description and mirror mask the secrets, so the value can be logged (or dumped) as it is.
public struct ServiceSettings: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The service's name: `inventory`, `payments`, `shipping` or `orchestrator`.
    public var service: String
    /// This replica's name (`TILL_INSTANCE`).
    public var instance: String
    /// Redis URL, validated (`TILL_REDIS_URL`); may hold a password.
    public var redisURL: String
    /// RPC listen address (`TILL_LISTEN`).
    public var listen: HostPort
    /// Admin HTTP listen address (`TILL_ADMIN_LISTEN`).
    public var adminListen: HostPort
    /// One key, or two during a rotation: sign with the first, accept either (`TILL_CLUSTER_KEY`).
    public var clusterKeys: [String]
    /// Per-client keys as configured, not yet parsed (`TILL_CLIENT_KEYS`).
    public var clientKeys: String?
    /// Largest frame accepted, in bytes (`TILL_MAX_FRAME`).
    public var maxFrame: Int
    /// Most concurrent RPC connections (`TILL_MAX_CONNECTIONS`).
    public var maxConnections: Int
    /// Handshake deadline (`TILL_HANDSHAKE_TIMEOUT_MS`).
    public var handshakeTimeout: Duration
    /// Graceful shutdown drain deadline (`TILL_DRAIN_TIMEOUT_MS`).
    public var drainTimeout: Duration
    /// Lowest log level written (`TILL_LOG_LEVEL`).
    public var logLevel: Logger.Level
    /// Log line format (`TILL_LOG_FORMAT`).
    public var logFormat: LogFormat
    /// Optional TLS of the listener, outgoing RPC and Redis (`TILL_TLS_*`, `TILL_REDIS_TLS`).
    public var tls: TLSSettings
    /// Event-loop threads, `nil` for one per core (`TILL_EVENT_LOOPS`).
    public var eventLoops: Int?

    /// Settings as given; ``ServiceOptions/resolve(service:defaultListen:environment:)`` builds
    /// validated ones.
    public init(
        service: String,
        instance: String,
        redisURL: String,
        listen: HostPort,
        adminListen: HostPort,
        clusterKeys: [String],
        clientKeys: String?,
        maxFrame: Int,
        maxConnections: Int,
        handshakeTimeout: Duration,
        drainTimeout: Duration,
        logLevel: Logger.Level,
        logFormat: LogFormat,
        tls: TLSSettings = TLSSettings(),
        eventLoops: Int? = nil
    ) {
        self.service = service
        self.instance = instance
        self.redisURL = redisURL
        self.listen = listen
        self.adminListen = adminListen
        self.clusterKeys = clusterKeys
        self.clientKeys = clientKeys
        self.maxFrame = maxFrame
        self.maxConnections = maxConnections
        self.handshakeTimeout = handshakeTimeout
        self.drainTimeout = drainTimeout
        self.logLevel = logLevel
        self.logFormat = logFormat
        self.tls = tls
        self.eventLoops = eventLoops
    }

    /// The settings as log metadata, secrets masked.
    public var logMetadata: Logger.Metadata {
        var metadata: Logger.Metadata = [
            "service": "\(self.service)",
            "instance": "\(self.instance)",
            "redis.url": "\(RedisURL.masked(self.redisURL))",
            "listen": "\(self.listen)",
            "admin.listen": "\(self.adminListen)",
            "cluster.keys": "\(self.clusterKeys.count) set",
            "client.keys": "\(self.clientKeys == nil ? "unset" : "set")",
            "max.frame": "\(self.maxFrame)",
            "max.connections": "\(self.maxConnections)",
            "handshake.timeout.ms": "\(Self.milliseconds(self.handshakeTimeout))",
            "drain.timeout.ms": "\(Self.milliseconds(self.drainTimeout))",
            "log.level": "\(self.logLevel)",
            "log.format": "\(self.logFormat.rawValue)",
            "event.loops": "\(self.eventLoops.map(String.init) ?? "per core")",
        ]
        for (key, value) in self.tls.logMetadata {
            metadata[key] = "\(value)"
        }
        return metadata
    }

    /// `key=value` pairs in key order, secrets masked.
    public var description: String {
        self.logMetadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// The masked fields, so `dump` and debuggers never show a secret either.
    public var customMirror: Mirror {
        let fields = self.logMetadata.sorted { $0.key < $1.key }
        return Mirror(self, children: fields.map { (label: $0.key, value: $0.value.description) })
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
