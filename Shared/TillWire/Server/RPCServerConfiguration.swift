import Foundation
import NIOCore
import NIOPosix
import CoreMetrics
import TillTLS

/// How an ``RPCServer`` listens and what it admits.
public struct RPCServerConfiguration: Sendable {
    /// This server's name, sent in the welcome (`inventory-1`).
    public var serverName: String
    /// The address to bind (`TILL_LISTEN`).
    public var host: String
    /// The port to bind; `0` picks a free one (read it back with ``RPCServer/localAddress()``).
    public var port: Int
    /// The largest frame body accepted (`TILL_MAX_FRAME`, 1 MiB).
    public var maxFrame: Int = WireProtocol.defaultMaxFrame
    /// Connections beyond this are refused at accept (`TILL_MAX_CONNECTIONS`, 4,096).
    public var maxConnections: Int = 4096
    /// A connection without a completed hello after this long is closed (`TILL_HANDSHAKE_TIMEOUT_MS`, 5 s).
    public var handshakeTimeout: Duration = .seconds(5)
    /// An authenticated connection with nothing read, written or in flight for this long is closed; `nil` never.
    public var idleTimeout: Duration? = .seconds(300)
    /// How long graceful shutdown waits for in-flight requests before closing their connections.
    public var drainTimeout: Duration = .seconds(10)
    /// Requests in flight on one connection beyond this get `overloaded`.
    public var maxInFlightPerConnection: Int = 16_384
    /// Requests in flight on the whole server beyond this get `overloaded`.
    public var maxInFlightTotal: Int = 65_536
    /// The wall clock used for the hello's `ts` window, in Unix seconds. Injectable for tests.
    public var unixTime: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    /// Whether handlers run on their connection's event loop (no thread hop per request; the default)
    /// or on the global concurrent executor (for handlers that do heavy CPU work).
    public var handlersRunOnEventLoop = true
    /// TLS for every accepted connection (`TILL_TLS_CERT` + `TILL_TLS_KEY`); `nil` serves plain TCP.
    /// The HMAC hello runs inside TLS unchanged.
    public var tls: ServerTLS?
    /// The event loops that serve connections.
    public var eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    /// Where the request metrics go; `nil` means the bootstrapped `MetricsSystem`.
    public var metricsFactory: (any MetricsFactory)?

    /// A configuration with the defaults above; `port` 0 picks a free port.
    public init(serverName: String, host: String = "127.0.0.1", port: Int = 0) {
        self.serverName = serverName
        self.host = host
        self.port = port
    }
}
