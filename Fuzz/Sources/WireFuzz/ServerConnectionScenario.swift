import NIOCore
import NIOEmbedded
@testable import TillWire

/// One hostile connection to the real server pipeline (`AcceptedConnection.initialize`: back-pressure,
/// ``FrameLengthGuard``, the length-field decoder and prepender, ``ServerConnectionHandler``) on an
/// `EmbeddedChannel`.
///
/// Handlers run on the connection's event loop (`handlersRunOnEventLoop`), here the embedded loop,
/// so the handshake's nonce claim and every request task run to completion inside `loop.run()`, on
/// this thread: each input is deterministic and leaves nothing behind.
struct ServerConnectionScenario {
    let input: FuzzInput

    init(_ input: FuzzInput) {
        self.input = input
    }

    func run() {
        let channel = EmbeddedChannel()
        let loop = channel.embeddedEventLoop
        do {
            _ = try AcceptedConnection.initialize(channel, environment: FuzzServer.makeEnvironment())
            try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 40_000)).wait()
        } catch {
            preconditionFailure("the harness could not open the connection: \(error)")
        }
        var transcript = OutboundTranscript(maxFrame: FuzzServer.maxFrame)

        if input.flags.contains(.authenticate) {
            deliver(FuzzKeys.helloFrame(limited: input.flags.contains(.limitedClient)), to: channel)
            transcript.append(Self.drainOutbound(channel))
            FuzzInvariant.check(transcript.welcomed, "a correctly signed hello was not welcomed")
        }

        let reads = input.reads()
        for (index, read) in reads.enumerated() {
            if input.flags.contains(.quiesce), index == reads.count / 2 {
                channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
                loop.run()
            }
            guard channel.isActive else { break }
            deliver(read, to: channel)
            transcript.append(Self.drainOutbound(channel))
        }
        if input.flags.contains(.halfClose), channel.isActive {
            channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            loop.run()
        }
        if input.flags.contains(.advanceTime) {
            // Relative timers only (handshake, idle, drain). Request deadlines are armed on the real
            // clock, which the embedded loop's clock (starting at 0) never reaches.
            for _ in 0..<3 { loop.advanceTime(by: .seconds(1)) }
        }
        transcript.append(Self.drainOutbound(channel))

        // Closing cancels the requests still in flight; their tasks finish on the loop.
        _ = try? channel.finish(acceptAlreadyClosed: true)
        loop.run()
        transcript.append(Self.drainOutbound(channel))
        transcript.verify()
    }

    /// One read from the peer, then whatever the loop has to do about it.
    private func deliver(_ bytes: [UInt8], to channel: EmbeddedChannel) {
        // Errors are the server's business (it answers and closes); none may escape the pipeline
        // other than a write to a connection it already closed.
        _ = try? channel.writeInbound(ByteBuffer(bytes: bytes))
        channel.embeddedEventLoop.run()
    }

    private static func drainOutbound(_ channel: EmbeddedChannel) -> [UInt8] {
        var bytes: [UInt8] = []
        while let buffer = try? channel.readOutbound(as: ByteBuffer.self) {
            bytes += buffer.readableBytesView
        }
        return bytes
    }
}
