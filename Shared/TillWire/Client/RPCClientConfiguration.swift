import Foundation
import NIOCore
import NIOPosix
import TillTLS

/// How an ``RPCClient`` reaches a service and identifies itself.
public struct RPCClientConfiguration: Sendable {
    /// The service's replicas. Calls are spread over all of them; a replica that refuses connections
    /// is skipped (with backoff) while others answer.
    public var addresses: [PeerAddress]
    /// This client's name in the hello (`orchestrator-1`), 1–64 characters of `[A-Za-z0-9_.:-]`.
    public var clientName: String
    /// The key the hello is signed with: ``KeyRing/signingKey`` for services, a client's own key otherwise.
    public var key: SecretKey
    /// Connections kept open per replica; requests are multiplexed over them.
    public var connectionsPerAddress = 2
    /// How long establishing the TCP connection may take.
    public var connectTimeout: Duration = .seconds(2)
    /// How long the server may take to answer the hello.
    public var handshakeTimeout: Duration = .seconds(5)
    /// The budget of a call that does not pass its own `deadline`.
    public var defaultDeadline: Duration = .seconds(30)
    /// The largest response frame body accepted.
    public var maxFrame = WireProtocol.defaultMaxFrame
    /// Calls in flight on one connection beyond this fail locally with `overloaded`.
    public var maxInFlightPerConnection = 65_536
    /// The wait before reconnecting to a replica that refused or failed a connection.
    public var reconnectBackoff = Backoff()
    /// How long ``RPCClient/shutdown()`` waits for calls in flight before closing connections.
    public var drainTimeout: Duration = .seconds(10)
    /// The wall clock for the hello's `ts`, in Unix seconds.
    public var unixTime: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    /// TLS for every connection, verifying the server against these roots (`TILL_TLS_CA`);
    /// `nil` connects in plain TCP. The hello is signed and sent inside TLS as usual.
    public var tls: ClientTLS?
    /// The event loops connections run on.
    public var eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    /// A configuration with the defaults above for everything but the replicas and the identity.
    public init(addresses: [PeerAddress], clientName: String, key: SecretKey) {
        self.addresses = addresses
        self.clientName = clientName
        self.key = key
    }
}
