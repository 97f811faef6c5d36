import Logging
import NIOCore
import NIOExtras

/// Serves one connection: drives ``ServerConnectionStateMachine`` and performs its actions.
///
/// Sits at the tail of the pipeline, after the framing handlers, so it reads and writes frame bodies.
/// Requests run as tasks that prefer this connection's event loop (see ``EventLoopTaskExecutor``);
/// their responses are written as they finish, in any order, with flushes coalesced per loop tick.
final class ServerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The handler's record of one admitted request.
    final class InFlightRequest {
        let metrics: MethodMetrics
        let started: NIODeadline
        var task: Task<Void, Never>?

        init(metrics: MethodMetrics, started: NIODeadline) {
            self.metrics = metrics
            self.started = started
        }
    }

    let environment: ServerEnvironment
    var machine: ServerConnectionStateMachine<InFlightRequest>
    var logger: Logger
    /// ``logger`` with `rpc.method` set, by method (see `methodLogger(_:)`).
    var methodLoggers: [String: Logger] = [:]
    /// Set in `handlerAdded`; the handler only runs on this context's event loop.
    var context: ChannelHandlerContext?
    var executor: EventLoopTaskExecutor?
    var handshakeTimer: Scheduled<Void>?
    var handshakeTask: Task<Void, Never>?
    var drainTimer: Scheduled<Void>?
    /// When each admitted request that has a budget runs out. One timer per connection waits for
    /// the earliest (a timer per request cost more than the rest of the dispatch: NIO keeps timers
    /// in a heap, and cancelling one searches it).
    var deadlines: [UInt64: NIODeadline] = [:]
    var deadlineTimer: Scheduled<Void>?
    var deadlineTimerFires: NIODeadline?
    var idleTimer: Scheduled<Void>?
    /// Set by every read and write; the idle timer clears it, and closes if it was still clear.
    var activeSinceIdleCheck = true
    /// A `read` was held back while the handshake was being verified.
    var readHeldBack = false
    var inReadBatch = false
    var flushPending = false

    init(environment: ServerEnvironment, logger: Logger) {
        self.environment = environment
        self.machine = ServerConnectionStateMachine(maxInFlight: environment.configuration.maxInFlightPerConnection)
        self.logger = logger
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if environment.configuration.handlersRunOnEventLoop {
            executor = EventLoopTaskExecutor(context.eventLoop)
        }
        if context.channel.isActive { startTimers(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimers(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        inReadBatch = true
        activeSinceIdleCheck = true
        handleFrame(unwrapInboundIn(data), context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        inReadBatch = false
        flushIfPending(context: context)
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        // While the nonce is being claimed, reading more would only pile up unauthenticated frames.
        if machine.phase == .authenticating {
            readHeldBack = true
            return
        }
        context.read()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is ChannelShouldQuiesceEvent:
            perform(machine.shutdownRequested(), context: context)
        case let event as ChannelEvent where event == .inputClosed:
            perform(machine.inputClosed(), context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case FrameLengthGuard.Error.frameTooLarge(let length, let limit):
            protocolViolation(
                WireError(
                    .frameTooLarge,
                    "a frame of \(length) bytes exceeds the limit of \(limit) bytes",
                    details: ["max_frame": .integer(Int64(limit))]
                ),
                context: context
            )
        case FrameLengthGuard.Error.emptyFrame:
            protocolViolation(WireError(.invalidJSON, "a frame must not be empty"), context: context)
        default:
            // Resets and truncated frames at close need no answer; the peer is gone.
            logger.debug("rpc connection error", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshakeTimer?.cancel()
        drainTimer?.cancel()
        idleTimer?.cancel()
        handshakeTask?.cancel()
        deadlineTimer?.cancel()
        deadlineTimer = nil
        deadlineTimerFires = nil
        deadlines.removeAll()
        for request in machine.channelInactive() {
            request.task?.cancel()
            environment.inFlight.release()
        }
        context.fireChannelInactive()
    }

    // MARK: Timers

    private func startTimers(context: ChannelHandlerContext) {
        guard handshakeTimer == nil, machine.phase == .awaitingHello else { return }
        handshakeTimer = context.eventLoop.assumeIsolated().scheduleTask(
            in: TimeAmount(environment.configuration.handshakeTimeout)
        ) {
            guard let context = self.context else { return }
            if self.machine.phase == .awaitingHello || self.machine.phase == .authenticating {
                self.logger.debug("rpc handshake timed out")
            }
            self.perform(self.machine.handshakeTimedOut(), context: context)
        }
        if let idleTimeout = environment.configuration.idleTimeout {
            scheduleIdleCheck(in: TimeAmount(idleTimeout), context: context)
        }
    }

    /// One timer per connection instead of per-read bookkeeping: a connection is idle when a whole
    /// period passed without a read or a write (so it closes between one and two periods after its
    /// last activity) and nothing is in flight.
    private func scheduleIdleCheck(in period: TimeAmount, context: ChannelHandlerContext) {
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: period) {
            guard let context = self.context else { return }
            if !self.activeSinceIdleCheck {
                self.perform(self.machine.idleTimedOut(), context: context)
            }
            self.activeSinceIdleCheck = false
            if self.machine.phase != .closing && self.machine.phase != .closed {
                self.scheduleIdleCheck(in: period, context: context)
            }
        }
    }

    func startDrainTimer(context: ChannelHandlerContext) {
        drainTimer = context.eventLoop.assumeIsolated().scheduleTask(
            in: TimeAmount(environment.configuration.drainTimeout)
        ) {
            guard let context = self.context else { return }
            if self.machine.phase == .draining {
                self.logger.info(
                    "rpc drain timed out; closing with requests in flight",
                    metadata: ["rpc.in_flight": "\(self.machine.inFlightCount)"]
                )
            }
            self.perform(self.machine.drainTimedOut(), context: context)
        }
    }

    // MARK: Actions

    func perform(_ action: ServerConnectionStateMachine<InFlightRequest>.CloseAction, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .close:
            closeAfterPendingWrites(context: context)
        case .sendErrorAndClose(let error):
            writeAndClose(Envelope.failure(id: nil, error), context: context)
        }
    }

    func perform(_ action: ServerConnectionStateMachine<InFlightRequest>.ShutdownAction, context: ChannelHandlerContext) {
        switch action {
        case .none:
            break
        case .close:
            closeAfterPendingWrites(context: context)
        case .sendErrorAndClose(let error):
            writeAndClose(Envelope.failure(id: nil, error), context: context)
        case .drain:
            logger.debug("rpc connection draining", metadata: ["rpc.in_flight": "\(machine.inFlightCount)"])
            startDrainTimer(context: context)
        }
    }

    func protocolViolation(_ error: WireError, context: ChannelHandlerContext) {
        logger.debug("rpc protocol violation", metadata: ["error.code": "\(error.code)", "error.message": "\(error.message)"])
        perform(machine.protocolViolation(error), context: context)
    }

    // MARK: Writing

    /// Queues a frame; the flush happens once per read batch or loop tick, not per frame.
    func write(_ frame: ByteBuffer, context: ChannelHandlerContext) {
        activeSinceIdleCheck = true
        context.write(wrapOutboundOut(frame), promise: nil)
        guard !flushPending else { return }
        flushPending = true
        if !inReadBatch {
            context.eventLoop.assumeIsolated().execute {
                guard let context = self.context else { return }
                self.flushIfPending(context: context)
            }
        }
    }

    func flushIfPending(context: ChannelHandlerContext) {
        guard flushPending else { return }
        flushPending = false
        context.flush()
    }

    /// Sends a last frame, then closes once it (and everything before it) is written.
    func writeAndClose(_ frame: ByteBuffer, context: ChannelHandlerContext) {
        flushPending = false
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(frame), promise: written)
        let channel = context.channel
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }

    /// Closes without a last frame, letting already queued responses reach the peer first.
    func closeAfterPendingWrites(context: ChannelHandlerContext) {
        flushIfPending(context: context)
        let channel = context.channel
        let outputClosed = context.eventLoop.makePromise(of: Void.self)
        // Closing the output waits for pending writes; the full close follows.
        context.close(mode: .output, promise: outputClosed)
        outputClosed.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }
}

@available(*, unavailable)
extension ServerConnectionHandler: Sendable {}
