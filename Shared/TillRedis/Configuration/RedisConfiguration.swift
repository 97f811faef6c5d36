import TillTLS

/// Where the Redis server is and how the client talks to it.
///
/// Usually made from `TILL_REDIS_URL` with ``init(url:)``; the other settings keep their defaults.
public struct RedisConfiguration: Sendable {
    /// Host name or IP address of the server.
    public var host: String
    /// TCP port of the server (default 6379).
    public var port: Int
    /// ACL user name for `AUTH`; `nil` authenticates as the default user.
    public var username: String?
    /// Password for `AUTH`; `nil` sends no `AUTH`.
    public var password: String?
    /// Database index selected with `SELECT` on every connection (default 0).
    public var database: Int
    /// Connections in the command pool; commands are spread over them (default 2). Pub/sub uses
    /// one more, opened on the first subscription.
    public var poolSize: Int
    /// How long establishing a connection (TCP and `AUTH`/`SELECT`) may take (default 2 s).
    public var connectTimeout: Duration
    /// How long a command may wait for its reply (default 5 s); `nil` waits forever.
    ///
    /// A command that times out closes its connection, failing every command in flight on it
    /// with a retriable error: Redis answers in order, so a stalled reply means a stalled server
    /// or network, and a fresh connection is the way out. Five seconds is far above any healthy
    /// Till command and well inside the orchestrator's step timeouts (10–15 s), so a stall turns
    /// into a retriable error instead of a hung saga. Use `nil` (or a larger value) only for
    /// clients that send blocking commands such as `BLPOP`.
    public var commandTimeout: Duration?
    /// How long ``RedisClient/shutdown()`` lets commands in flight finish before it closes
    /// their connections anyway (default 5 s).
    public var shutdownGracePeriod: Duration
    /// TLS for every connection (`rediss://`, or `TILL_REDIS_TLS`), verifying the server against
    /// its roots; `nil` connects in plain TCP (the default, and the fastest).
    public var tls: ClientTLS?
    /// Messages a subscription buffers for a slow reader before it drops the oldest
    /// (default 10 000). Pub/sub is at-most-once in Till; dropped messages are counted.
    public var subscriptionBufferSize: Int

    /// A configuration with explicit settings; every setting not given keeps its default.
    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.poolSize = 2
        self.connectTimeout = .seconds(2)
        self.commandTimeout = .seconds(5)
        self.shutdownGracePeriod = .seconds(5)
        self.subscriptionBufferSize = 10_000
    }

    /// Parses `redis[s]://[[user]:password@]host[:port][/database]` (the `TILL_REDIS_URL` syntax).
    ///
    /// User and password may be percent-encoded. IPv6 hosts go in brackets (`redis://[::1]:6379`).
    /// - Parameter tls: the TLS to use for a `rediss://` URL (e.g. trusting `TILL_TLS_CA`); when
    ///   `nil`, a `rediss://` URL trusts the system's roots. Ignored for `redis://`.
    /// - Throws: ``RedisError/Code/invalidURL`` naming what is wrong; its message never contains
    ///   the password.
    public init(url: String, tls: ClientTLS? = nil) throws(RedisError) {
        let parts = try RedisURLParser.parse(url)
        self.init(host: parts.host, port: parts.port, username: parts.username, password: parts.password, database: parts.database)
        if parts.tls, let tls {
            self.tls = tls
        } else if parts.tls {
            do throws(TLSConfigurationError) {
                self.tls = try ClientTLS(caPath: nil)
            } catch {
                throw .invalidURL("rediss:// needs TLS trust roots: \(error.reason)")
            }
        }
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// The configuration as a URL with the password masked, safe to log.
    public var description: String {
        var credentials = ""
        if let password {
            credentials = "\(username ?? ""):\(password.isEmpty ? "" : "****")@"
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(tls == nil ? "redis" : "rediss")://\(credentials)\(hostPart):\(port)/\(database)"
    }
}
