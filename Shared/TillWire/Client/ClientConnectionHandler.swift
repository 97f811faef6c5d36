import Foundation
import Logging
import NIOCore

/// One client connection: sends the hello, then multiplexes calls and matches responses by id.
///
/// Drives ``ClientConnectionStateMachine``; sits after the framing handlers. Calls arrive from any
/// thread through ``ClientConnection`` and are handled here on the event loop.
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    struct Call {
        let pending: PendingCall
        var deadlineTimer: NIOScheduledCallback?
        /// When the request was written: a response or anything else read after it shows the
        /// connection alive.
        var sentAt = NIODeadline.now()
    }

    struct Settings: Sendable {
        var clientName: String
        var key: SecretKey
        var handshakeTimeout: Duration
        var drainTimeout: Duration
        var deadConnectionGrace: Duration
        var maxInFlight: Int
        var unixTime: @Sendable () -> Int64
    }

    private let settings: Settings
    private let codec: RPCCodec
    private var machine: ClientConnectionStateMachine<Call>
    private var handshake: EventLoopPromise<Int>?
    private var context: ChannelHandlerContext?
    private var handshakeTimer: Scheduled<Void>?
    private var drainTimer: Scheduled<Void>?
    /// Set while a call's deadline passed with nothing read since it was sent (see ``deadlinePassed(id:)``).
    private var silenceCheck: Scheduled<Void>?
    /// When a frame last arrived.
    private var lastReadAt = NIODeadline.distantPast
    private var flushPending = false
    private var inReadBatch = false
    private let logger: Logger

    /// - Parameter handshake: succeeded with the server's `max_frame` once the welcome arrives.
    init(settings: Settings, codec: RPCCodec, handshake: EventLoopPromise<Int>, logger: Logger) {
        self.settings = settings
        self.codec = codec
        self.machine = ClientConnectionStateMachine(maxInFlight: settings.maxInFlight)
        self.handshake = handshake
        self.logger = logger
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { sendHello(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        sendHello(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inReadBatch = true
        lastReadAt = .now()
        let buffer = unwrapInboundIn(data)
        guard let frame = try? ParsedFrame(buffer) else {
            connectionError(RPCError(WireError(.invalidJSON, "the server sent a frame that is not a JSON object"), source: .transport), context: context)
            return
        }
        switch machine.phase {
        case .awaitingWelcome:
            handshakeFrame(frame, context: context)
        case .ready, .draining, .closing:
            responseFrame(frame, context: context)
        case .connecting, .closed:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        inReadBatch = false
        flushIfPending(context: context)
        context.fireChannelReadComplete()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let message: String
        switch error {
        case FrameLengthGuard.Error.frameTooLarge(let length, let limit):
            message = "the server sent a frame of \(length) bytes; the limit is \(limit)"
        case FrameLengthGuard.Error.emptyFrame:
            message = "the server sent an empty frame"
        default:
            message = "connection error: \(error)"
        }
        if machine.phase == .awaitingWelcome || machine.phase == .connecting {
            failHandshake(.transport(message), context: context)
        } else {
            connectionError(.transport(message), context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        drainTimer?.cancel()
        silenceCheck?.cancel()
        let (calls, _) = machine.channelInactive()
        handshake?.fail(RPCError.transport("the connection closed during the handshake"))
        handshake = nil
        let error = RPCError.transport("the connection closed before the response arrived")
        for call in calls {
            call.deadlineTimer?.cancel()
            call.pending.complete(.failure(error))
        }
        context.fireChannelInactive()
    }

    // MARK: Handshake

    private func sendHello(context: ChannelHandlerContext) {
        guard machine.channelActive() else { return }
        let ts = settings.unixTime()
        let nonce = HandshakeSignature.makeNonce()
        let mac = HandshakeSignature.mac(key: settings.key, client: settings.clientName, ts: ts, nonce: nonce)
        let hello = Hello(client: settings.clientName, ts: ts, nonce: nonce, mac: mac)
        context.writeAndFlush(wrapOutboundOut(hello.encoded()), promise: nil)
        handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(settings.handshakeTimeout)) {
            guard let context = self.context else { return }
            self.failHandshake(.transport("the server did not answer the hello in time"), context: context)
        }
    }

    private func handshakeFrame(_ frame: ParsedFrame, context: ChannelHandlerContext) {
        if let welcome = Welcome(frame) {
            guard welcome.version == WireProtocol.version else {
                failHandshake(.transport("the server speaks protocol version \(welcome.version)"), context: context)
                return
            }
            if case .succeed = machine.welcomeReceived(maxFrame: welcome.maxFrame) {
                handshakeTimer?.cancel()
                handshakeTimer = nil
                handshake?.succeed(welcome.maxFrame)
                handshake = nil
            }
        } else if let response = ResponseEnvelope(frame, decoder: codec.decoder), case .error(let error) = response.outcome {
            failHandshake(RPCError(error, source: .server), context: context)
        } else {
            failHandshake(.transport("the server answered the hello with something other than a welcome"), context: context)
        }
    }

    private func failHandshake(_ error: RPCError, context: ChannelHandlerContext) {
        guard case .failAndClose(let error) = machine.handshakeFailed(error) else { return }
        handshakeTimer?.cancel()
        handshake?.fail(error)
        handshake = nil
        context.close(promise: nil)
    }

    // MARK: Calls

    private func responseFrame(_ frame: ParsedFrame, context: ChannelHandlerContext) {
        guard let response = ResponseEnvelope(frame, decoder: codec.decoder) else {
            connectionError(.transport("the server sent a frame that is not a response"), context: context)
            return
        }
        guard let id = response.id else {
            // A connection-level error (e.g. the server is shutting down): it concerns every call.
            if case .error(let error) = response.outcome {
                connectionError(RPCError(error, source: .server), context: context)
            }
            return
        }
        guard case .complete(let call, let thenClose) = machine.responseReceived(id: id) else {
            return  // answered already: deadline or cancellation
        }
        call.deadlineTimer?.cancel()
        switch response.outcome {
        case .result(let json): call.pending.complete(.result(json))
        case .error(let error): call.pending.complete(.failure(RPCError(error, source: .server)))
        }
        if thenClose { context.close(promise: nil) }
    }

    /// Sends one call (on the event loop). The call's deadline timer starts here.
    func send(id: UInt64, frame: ByteBuffer, deadline: NIODeadline, pending: PendingCall) {
        guard let context else {
            pending.complete(.notSent)
            return
        }
        let timer = try? context.eventLoop.assumeIsolated().scheduleCallback(
            at: deadline,
            handler: CallDeadline(id: id, connection: self)
        )
        switch machine.send(id: id, frameSize: frame.readableBytes, Call(pending: pending, deadlineTimer: timer)) {
        case .write:
            context.write(wrapOutboundOut(frame), promise: nil)
            scheduleFlush(context: context)
        case .fail(let error):
            timer?.cancel()
            pending.complete(.failure(error))
        case .retryElsewhere:
            timer?.cancel()
            pending.complete(.notSent)
        }
    }

    /// The caller gave up (cancelled); its `PendingCall` is already completed.
    func forget(id: UInt64) {
        guard let context, case .complete(let call, let thenClose) = machine.callCancelled(id: id) else { return }
        call.deadlineTimer?.cancel()
        if thenClose { context.close(promise: nil) }
    }

    fileprivate func deadlinePassed(id: UInt64) {
        guard let context, case .complete(let call, let thenClose) = machine.callTimedOut(id: id) else { return }
        call.pending.complete(.failure(.deadlineExceeded()))
        if thenClose {
            context.close(promise: nil)
        } else if lastReadAt < call.sentAt {
            suspectDeadConnection(silentSince: call.sentAt, context: context)
        }
    }

    /// Nothing arrived during a whole call's deadline. A live server answers that call soon (with
    /// `deadline_exceeded` at worst); if nothing at all arrives within the grace either, the
    /// connection is lost on the way and is closed, so that the pool replaces it instead of
    /// sending every later call into it.
    private func suspectDeadConnection(silentSince sentAt: NIODeadline, context: ChannelHandlerContext) {
        guard silenceCheck == nil else { return }
        let grace = settings.deadConnectionGrace
        silenceCheck = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(grace)) {
            self.silenceCheck = nil
            guard let context = self.context, self.lastReadAt < sentAt else { return }
            self.logger.warning("rpc client connection silent past a deadline; closing it", metadata: ["grace": "\(grace)"])
            self.connectionError(
                .transport("the server sent nothing for \(grace) after a call's deadline passed: the connection is presumed dead"),
                context: context
            )
        }
    }

    /// Stops taking calls; closes once those in flight are answered (or the drain timeout passes).
    func shutdown() {
        guard let context else { return }
        switch machine.shutdown() {
        case .close:
            flushIfPending(context: context)
            context.close(promise: nil)
        case .drain:
            drainTimer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(settings.drainTimeout)) {
                self.context?.close(promise: nil)
            }
        case .none:
            break
        }
    }

    private func connectionError(_ error: RPCError, context: ChannelHandlerContext) {
        guard case .failAndClose(let calls, let error) = machine.connectionError(error) else { return }
        logger.debug("rpc client connection failed", metadata: ["error": "\(error)"])
        for call in calls {
            call.deadlineTimer?.cancel()
            call.pending.complete(.failure(error))
        }
        context.close(promise: nil)
    }

    // MARK: Flushing

    private func scheduleFlush(context: ChannelHandlerContext) {
        guard !flushPending else { return }
        flushPending = true
        if !inReadBatch {
            // Calls submitted in the same loop tick share one flush (one write syscall).
            context.eventLoop.assumeIsolated().execute {
                guard let context = self.context else { return }
                self.flushIfPending(context: context)
            }
        }
    }

    private func flushIfPending(context: ChannelHandlerContext) {
        guard flushPending else { return }
        flushPending = false
        context.flush()
    }
}

@available(*, unavailable)
extension ClientConnectionHandler: Sendable {}

/// Fires a call's client-side deadline on the connection's event loop.
private struct CallDeadline: NIOScheduledCallbackHandler {
    let id: UInt64
    let connection: ClientConnectionHandler

    func handleScheduledCallback(eventLoop: some EventLoop) {
        connection.deadlinePassed(id: id)
    }
}
