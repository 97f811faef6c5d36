import NIOCore
import NIOPosix
import Synchronization

/// What a ``FaultProxy`` does to the bytes it relays, switchable at any time from any thread.
public enum NetworkFault: Sendable, Equatable, CustomStringConvertible {
    /// Relays every chunk at once.
    case pass
    /// Holds every chunk (both directions) this long before relaying it; order is kept.
    case delay(Duration)
    /// A black hole, as when a middlebox loses a connection's state: every connection that carries
    /// a byte while this is on (and every one opened meanwhile) discards all its bytes from then
    /// on, in both directions, and is never closed by the proxy. Idle connections survive, as idle
    /// TCP connections survive a short outage.
    case drop
    /// Resets (RST, `SO_LINGER` 0) every open connection when switched on, and every new one.
    case reset

    public var description: String {
        switch self {
        case .pass: "pass"
        case .delay(let duration): "delay \(duration)"
        case .drop: "drop"
        case .reset: "reset"
        }
    }
}

/// A TCP proxy for tests: listens on a free loopback port and relays each connection to `target`,
/// applying the current ``NetworkFault``. It injects faults between two real processes over real
/// sockets, which no in-process fake can.
public final class FaultProxy: Sendable {
    /// What the proxy has done so far, to prove a fault was really injected.
    public struct Counters: Sendable, Equatable {
        public var accepted = 0
        public var reset = 0
        public var blackHoled = 0
        public var bytesRelayed = 0
        public var bytesDropped = 0
        /// Bytes held back on arrival (by a delay, or behind a delayed chunk), relayed or not since.
        public var bytesDelayed = 0
    }

    /// The port clients connect to (127.0.0.1).
    public let port: Int
    private let core: FaultProxyCore
    private let listener: any Channel

    /// Starts a proxy to `host:port`. The target need not be listening yet: each connection is
    /// relayed to a fresh connection to it, and closed when that fails.
    public static func start(toHost host: String = "127.0.0.1", port targetPort: Int) async throws -> FaultProxy {
        let core = FaultProxyCore(target: try SocketAddress(ipAddress: host, port: targetPort))
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // The client side is read only once its relay connection is up.
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(AcceptedHandler(core: core)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = listener.localAddress?.port else {
            try? await listener.close()
            throw TestSupportError("the fault proxy's listener has no port")
        }
        return FaultProxy(port: port, core: core, listener: listener)
    }

    private init(port: Int, core: FaultProxyCore, listener: any Channel) {
        self.port = port
        self.core = core
        self.listener = listener
    }

    /// `127.0.0.1:port`, as a `TILL_*_ADDR` value.
    public var address: String { "127.0.0.1:\(port)" }

    /// The fault in force.
    public var fault: NetworkFault { core.fault }

    /// What the proxy has done so far.
    public var counters: Counters { core.state.withLock { $0.counters } }

    /// Applies `fault` from now on; `.reset` also resets every open connection at once.
    public func set(_ fault: NetworkFault) {
        let open = core.state.withLock { state in
            state.fault = fault
            if fault == .reset { state.counters.reset += state.links.count }
            return Array(state.links.values)
        }
        guard fault == .reset else { return }
        for link in open {
            link.eventLoop.execute { link.value.reset() }
        }
    }

    /// Stops listening and resets every connection.
    public func stop() async {
        try? await listener.close()
        let open = core.state.withLock { Array($0.links.values) }
        for link in open {
            link.eventLoop.execute { link.value.reset() }
        }
    }
}

/// The state a ``FaultProxy`` shares with its connections' event loops.
final class FaultProxyCore: Sendable {
    struct State {
        var fault = NetworkFault.pass
        var counters = FaultProxy.Counters()
        var nextLink = 0
        var links: [Int: NIOLoopBound<ProxyLink>] = [:]
    }

    let target: SocketAddress
    let state = Mutex(State())

    init(target: SocketAddress) {
        self.target = target
    }

    var fault: NetworkFault { state.withLock { $0.fault } }

    func accept(_ client: any Channel) {
        let fault = state.withLock { state in
            state.counters.accepted += 1
            return state.fault
        }
        if fault == .reset {
            state.withLock { $0.counters.reset += 1 }
            ProxyLink.resetChannel(client)
            return
        }
        let eventLoop = client.eventLoop
        ClientBootstrap(group: eventLoop).connect(to: target).whenComplete { result in
            switch result {
            case .failure:
                client.close(promise: nil)
            case .success(let server):
                let id = self.state.withLock { state in
                    state.nextLink += 1
                    return state.nextLink
                }
                let link = ProxyLink(id: id, proxy: self, client: client, server: server, blackHoled: fault == .drop)
                self.state.withLock { state in
                    state.links[id] = NIOLoopBound(link, eventLoop: eventLoop)
                    if fault == .drop { state.counters.blackHoled += 1 }
                }
                // Close futures, not handlers, report a close: a client may leave before the
                // handlers are added.
                client.closeFuture.assumeIsolated().whenComplete { _ in link.closed(.client) }
                server.closeFuture.assumeIsolated().whenComplete { _ in link.closed(.server) }
                do {
                    try client.pipeline.syncOperations.addHandler(RelayHandler(link: link, side: .client))
                    try server.pipeline.syncOperations.addHandler(RelayHandler(link: link, side: .server))
                } catch {
                    link.close()
                    return
                }
                client.setOption(.autoRead, value: true).whenComplete { _ in client.read() }
            }
        }
    }

    /// A link has closed: forget it.
    func forget(_ id: Int) {
        _ = state.withLock { $0.links.removeValue(forKey: id) }
    }
}

/// Starts relaying an accepted connection once it is active (registered, readable).
private final class AcceptedHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let core: FaultProxyCore

    init(core: FaultProxyCore) {
        self.core = core
    }

    func channelActive(context: ChannelHandlerContext) {
        core.accept(context.channel)
        context.fireChannelActive()
    }
}
