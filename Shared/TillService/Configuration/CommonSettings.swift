import Logging
import TillObservability

/// The settings every Till service reads (DESIGN.md, "Configuration"), in the order they are
/// resolved and reported.
public enum CommonSettings {
    /// Redis, the shared store: `redis://[:password@]host:port/db`, or a Redis Cluster given by
    /// seed nodes, `redis-cluster://[:password@]host:port,host:port,…`.
    public static let redisURL = Setting<String>(
        "TILL_REDIS_URL",
        default: "redis://127.0.0.1:6379/0",
        parser: .redisURL,
        help: "Redis URL"
    )

    /// The RPC listener; each service supplies its own default (inventory 127.0.0.1:7001, …).
    public static let listen = Setting<HostPort>(
        required: "TILL_LISTEN",
        parser: .hostPort(allowingPortZero: true),
        defaultDescription: "per service, e.g. 127.0.0.1:7001",
        help: "RPC listen address"
    )

    /// The admin HTTP listener (`/metrics`, `/healthz`, `/readyz`).
    ///
    /// Defaults to an ephemeral loopback port so replicas started side by side never collide; the
    /// bound port is logged at start-up. Deployments that scrape metrics set a fixed port.
    public static let adminListen = Setting<HostPort>(
        "TILL_ADMIN_LISTEN",
        default: "127.0.0.1:0",
        parser: .hostPort(allowingPortZero: true),
        help: "Admin HTTP listen address (port 0: any free port, logged at start-up)"
    )

    /// The key every service and trusted client signs its handshake with; two comma-separated
    /// keys during a rotation (sign with the first, accept either).
    public static let clusterKey = Setting<[String]>(
        required: "TILL_CLUSTER_KEY",
        secret: true,
        parser: .list(of: .secret(minimumLength: 16), count: 1...2),
        help: "Cluster key, two comma-separated during rotation"
    )

    /// Per-client keys and method patterns (`storefront=<key>:checkout.*;ops=<key>:*`), kept as
    /// text: the wire module parses them.
    public static let clientKeys = Setting<String?>(
        optional: "TILL_CLIENT_KEYS",
        secret: true,
        parser: .string,
        help: "Per-client keys and allowed methods, e.g. ops=<key>:*"
    )

    /// The largest frame accepted, in bytes (1 KiB to 64 MiB).
    public static let maxFrame = Setting<Int>(
        "TILL_MAX_FRAME",
        default: "1048576",
        parser: .integer(in: 1024...67_108_864),
        help: "Largest accepted frame in bytes"
    )

    /// The most connections the RPC server holds; more are refused at accept.
    public static let maxConnections = Setting<Int>(
        "TILL_MAX_CONNECTIONS",
        default: "4096",
        parser: .integer(in: 1...1_000_000),
        help: "Most concurrent RPC connections"
    )

    /// How long a new connection has to complete its hello.
    public static let handshakeTimeout = Setting<Duration>(
        "TILL_HANDSHAKE_TIMEOUT_MS",
        default: "5000",
        parser: .milliseconds(in: 100...600_000),
        help: "Handshake deadline"
    )

    /// How long a graceful shutdown waits for in-flight requests before closing connections.
    public static let drainTimeout = Setting<Duration>(
        "TILL_DRAIN_TIMEOUT_MS",
        default: "10000",
        parser: .milliseconds(in: 0...600_000),
        help: "Graceful shutdown drain deadline"
    )

    /// The lowest log level written.
    public static let logLevel = Setting<Logger.Level>(
        "TILL_LOG_LEVEL",
        default: "info",
        parser: .logLevel,
        help: "Lowest log level written"
    )

    /// JSON lines for log shippers, text for people.
    public static let logFormat = Setting<LogFormat>(
        "TILL_LOG_FORMAT",
        default: "json",
        parser: .logFormat,
        help: "Log line format"
    )

    /// How many event-loop threads serve the process's sockets.
    ///
    /// NIO's default, one per core, suits a process that has the machine to itself. Processes that
    /// share a small machine (`till up` runs seven on one host) do better with fewer: every extra
    /// loop is another thread to wake per message, and on two cores those wake-ups cost more CPU
    /// than the work they carry.
    public static let eventLoops = Setting<Int?>(
        optional: "TILL_EVENT_LOOPS",
        parser: .integer(in: 1...1024),
        help: "Event-loop threads (default: one per core)"
    )

    /// This process's name among the replicas (in the welcome frame, leases and logs).
    public static let instance = Setting<String>(
        required: "TILL_INSTANCE",
        parser: .name,
        defaultDescription: "<service>-<hostname>-<pid>",
        help: "Instance name"
    )
}
