import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One relayed connection of a ``FaultProxy``: the accepted client channel and the proxy's own
/// connection to the target. Both live on one event loop, and so does this object.
final class ProxyLink {
    enum Side { case client, server }

    let id: Int
    private let proxy: FaultProxyCore
    private let client: any Channel
    private let server: any Channel
    private var blackHoled: Bool
    private var closed = false
    /// Delayed chunks per direction (keyed by the side that sent them), oldest first.
    private var pending: [Side: [(due: NIODeadline, bytes: ByteBuffer)]] = [.client: [], .server: []]

    init(id: Int, proxy: FaultProxyCore, client: any Channel, server: any Channel, blackHoled: Bool) {
        self.id = id
        self.proxy = proxy
        self.client = client
        self.server = server
        self.blackHoled = blackHoled
    }

    private func channel(_ side: Side) -> any Channel { side == .client ? client : server }
    private func peer(of side: Side) -> any Channel { side == .client ? server : client }

    /// A chunk arrived from `side`: relay, delay, discard or reset, as the proxy's fault says.
    func received(_ bytes: ByteBuffer, from side: Side) {
        let fault = proxy.fault
        switch fault {
        case .reset:
            proxy.state.withLock { $0.counters.reset += 1 }
            reset()
            return
        case .drop where !blackHoled:
            blackHoled = true
            proxy.state.withLock { $0.counters.blackHoled += 1 }
        default:
            break
        }
        if blackHoled {
            proxy.state.withLock { $0.counters.bytesDropped += bytes.readableBytes }
            return
        }
        var delay = TimeAmount.zero
        if case .delay(let duration) = fault { delay = TimeAmount(duration) }
        // A chunk never overtakes one delayed before it, even once the delay is lifted.
        if delay == .zero, pending[side, default: []].isEmpty {
            relay(bytes, from: side)
            return
        }
        let due = NIODeadline.now() + delay
        proxy.state.withLock { $0.counters.bytesDelayed += bytes.readableBytes }
        pending[side, default: []].append((due, bytes))
        channel(side).eventLoop.assumeIsolated().scheduleTask(deadline: due) { self.releaseDue(from: side) }
    }

    private func releaseDue(from side: Side) {
        let now = NIODeadline.now()
        while let first = pending[side]?.first, first.due <= now {
            pending[side]?.removeFirst()
            // A black hole that opened meanwhile swallows what was still held.
            if blackHoled || closed {
                proxy.state.withLock { $0.counters.bytesDropped += first.bytes.readableBytes }
                continue
            }
            relay(first.bytes, from: side)
        }
    }

    private func relay(_ bytes: ByteBuffer, from side: Side) {
        proxy.state.withLock { $0.counters.bytesRelayed += bytes.readableBytes }
        peer(of: side).writeAndFlush(bytes, promise: nil)
    }

    /// One side closed: close the other (unless black-holed, where the peer must not learn of it
    /// from the proxy; the proxy closes it only at ``FaultProxy/stop()``).
    func closed(_ side: Side) {
        if blackHoled, !closed {
            // Keep the peer hanging, as a black hole would; the link stays registered so that
            // `stop()` and `.reset` still reach it.
            return
        }
        close()
    }

    /// Closes both sides normally (FIN).
    func close() {
        guard !closed else { return }
        closed = true
        client.close(promise: nil)
        server.close(promise: nil)
        proxy.forget(id)
    }

    /// Closes both sides with a TCP reset.
    func reset() {
        guard !closed else { return }
        closed = true
        Self.resetChannel(client)
        Self.resetChannel(server)
        proxy.forget(id)
    }

    /// Closes `channel` with RST instead of FIN: `SO_LINGER` on with a zero timeout.
    static func resetChannel(_ channel: any Channel) {
        guard let options = channel as? any SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
    }
}

/// Hands every chunk read on one side of a ``ProxyLink`` to the link.
final class RelayHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let link: ProxyLink
    private let side: ProxyLink.Side

    init(link: ProxyLink, side: ProxyLink.Side) {
        self.link = link
        self.side = side
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        link.received(unwrapInboundIn(data), from: side)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        link.close()
    }
}
