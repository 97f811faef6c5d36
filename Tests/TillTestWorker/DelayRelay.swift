import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// `till-test-worker relay --routes LISTEN=TARGET[,…] --delay-ms D --delay-file PATH`: a TCP relay
/// that holds every chunk `D` ms in each direction while `PATH` exists, and forwards at once
/// otherwise.
///
/// The multi-host test's stand-in for `tc netem delay`, which kernels without `sch_netem` (this
/// project's CI VMs) refuse: the test routes every cross-host hop through the relay in both of its
/// runs and creates the file between them, so the relay's own cost is in both figures and only the
/// delay differs. Order is kept per direction (a chunk is never due before the previous one).
enum DelayRelay {
    static func run(_ options: Options) async throws {
        let delay = RelayDelay(milliseconds: try options.int("delay-ms", default: 2))
        let delayFile = try options.string("delay-file")
        let routes = try options.string("routes").split(separator: ",").map { try Route(String($0)) }
        let group = MultiThreadedEventLoopGroup.singleton
        var listeners: [any Channel] = []
        for route in routes {
            let target = route.target
            let listener = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { inbound in
                    inbound.eventLoop.makeCompletedFuture {
                        try inbound.pipeline.syncOperations.addHandler(DelayedForwarder(connectingTo: target, delay: delay))
                    }
                }
                .bind(host: route.listen.host, port: route.listen.port)
                .get()
            listeners.append(listener)
        }
        // Straight to the file descriptor: the test waits for this line in the log file.
        FileHandle.standardOutput.write(Data("relay ready: \(routes.count) routes\n".utf8))
        // Polled rather than signalled: a file is easy to create from a test in another process.
        while true {
            delay.isOn.store(FileManager.default.fileExists(atPath: delayFile), ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    struct Endpoint {
        let host: String
        let port: Int

        init(_ text: Substring) throws {
            guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]) else {
                throw WorkerFailure(description: "expected host:port, got \(text)")
            }
            self.host = String(text[..<colon])
            self.port = port
        }
    }

    struct Route {
        let listen: Endpoint
        let target: Endpoint

        init(_ text: String) throws {
            let parts = text.split(separator: "=")
            guard parts.count == 2 else { throw WorkerFailure(description: "expected LISTEN=TARGET, got \(text)") }
            self.listen = try Endpoint(parts[0])
            self.target = try Endpoint(parts[1])
        }
    }
}

/// The relay's delay, switched on and off while it runs.
final class RelayDelay: Sendable {
    let amount: TimeAmount
    let isOn = Atomic(false)

    init(milliseconds: Int64) {
        self.amount = .milliseconds(milliseconds)
    }
}

/// Forwards what one side reads to the other, after the delay if it is on.
///
/// The accepted side connects to the target when it becomes active and holds what it reads until
/// then; the connected side is made with its peer already known.
final class DelayedForwarder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var peer: (any Channel)?
    private let target: DelayRelay.Endpoint?
    private let delay: RelayDelay
    /// Read before the peer was connected, forwarded in order once it is.
    private var held: [ByteBuffer] = []
    /// When the last chunk was (or will be) written: later chunks are never due before it.
    private var lastDue = NIODeadline.uptimeNanoseconds(0)

    /// The accepted side: connects to `target`.
    init(connectingTo target: DelayRelay.Endpoint, delay: RelayDelay) {
        self.peer = nil
        self.target = target
        self.delay = delay
    }

    /// The connected side: forwards to `peer`.
    init(peer: any Channel, delay: RelayDelay) {
        self.peer = peer
        self.target = nil
        self.delay = delay
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        guard let target else { return }
        let inbound = context.channel
        let delay = self.delay
        let this = NIOLoopBound(self, eventLoop: context.eventLoop)
        ClientBootstrap(group: context.eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { outbound in
                outbound.eventLoop.makeCompletedFuture {
                    try outbound.pipeline.syncOperations.addHandler(DelayedForwarder(peer: inbound, delay: delay))
                }
            }
            .connect(host: target.host, port: target.port)
            .whenComplete { result in
                switch result {
                case .success(let outbound):
                    this.value.attach(outbound, eventLoop: inbound.eventLoop)
                case .failure:
                    inbound.close(promise: nil)
                }
            }
    }

    private func attach(_ peer: any Channel, eventLoop: any EventLoop) {
        self.peer = peer
        let held = self.held
        self.held = []
        for buffer in held { forward(buffer, eventLoop: eventLoop) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        guard peer != nil else {
            held.append(buffer)
            return
        }
        forward(buffer, eventLoop: context.eventLoop)
    }

    private func forward(_ buffer: ByteBuffer, eventLoop: any EventLoop) {
        guard let peer else { return }
        let now = NIODeadline.now()
        let on = delay.isOn.load(ordering: .relaxed)
        guard on || lastDue > now else {
            peer.writeAndFlush(buffer, promise: nil)
            return
        }
        let due = max(now + (on ? delay.amount : .zero), lastDue)
        lastDue = due
        eventLoop.scheduleTask(deadline: due) { peer.writeAndFlush(buffer, promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // After whatever is still scheduled, so the peer gets every byte before the close.
        if let peer {
            context.eventLoop.scheduleTask(deadline: max(lastDue, .now())) { peer.close(promise: nil) }
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
