import AsyncHTTPClient
import NIOCore

/// Where the gateway is and how long to wait for it.
public struct HTTPGatewayConfiguration: Sendable, Hashable {
    /// The gateway's base URL, e.g. `http://127.0.0.1:7080` (`TILL_GATEWAY_URL`).
    public var baseURL: String
    /// How long one call may take until its answer starts; after that the call fails with
    /// `timeout` and its outcome is unknown.
    public var requestTimeout: Duration
    /// How long opening a connection may take; a call that cannot connect fails with `network`.
    public var connectTimeout: Duration
    /// The most connections kept open to the gateway (the client made by ``makeHTTPClient()``).
    public var maximumConnections: Int

    /// Creates a configuration.
    public init(
        baseURL: String,
        requestTimeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(2),
        maximumConnections: Int = 64
    ) {
        // One spelling of the base, so paths can simply be appended.
        var baseURL = baseURL
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        self.baseURL = baseURL
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.maximumConnections = maximumConnections
    }

    /// The settings of an `HTTPClient` suited to the gateway: the connect timeout and the
    /// connection pool size of this configuration.
    ///
    /// No read timeout: ``HTTPGateway`` gives every call a deadline of ``requestTimeout``, which
    /// ends a call that waits that long anyway, and an idle-read timer on top cost each call a
    /// second timer to arm and cancel.
    public var httpClientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: TimeAmount(connectTimeout))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: maximumConnections)
        configuration.httpVersion = .http1Only
        configuration.decompression = .disabled
        return configuration
    }
}
