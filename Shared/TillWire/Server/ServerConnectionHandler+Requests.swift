import Logging
import NIOCore

extension ServerConnectionHandler {
    // MARK: Frames

    func handleFrame(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        let frame: ParsedFrame
        do {
            frame = try ParsedFrame(buffer)
        } catch {
            protocolViolation(WireError(.invalidJSON, "the frame is not a JSON object: \(error)"), context: context)
            return
        }
        switch machine.frameReceived(buffer) {
        case .verifyHello:
            beginHandshake(frame, context: context)
        case .request(let identity):
            handleRequest(frame, identity: identity, context: context)
        case .buffered, .ignore:
            break
        }
    }

    // MARK: Handshake

    private func beginHandshake(_ frame: ParsedFrame, context: ChannelHandlerContext) {
        let identity: ClientIdentity
        let hello: Hello
        do {
            hello = try Hello(frame)
            identity = try environment.verifier.verify(hello).get()
        } catch {
            logger.info("rpc handshake refused", metadata: ["error.code": "\(error.code)", "error.message": "\(error.message)"])
            perform(machine.handshakeFailed(error), context: context)
            return
        }
        machine.helloVerifying()

        // The nonce check is last, so that only correctly signed hellos can occupy the shared cache.
        let cache = environment.nonceCache
        let ttl = environment.verifier.nonceTTL
        let connection = NIOLoopBound(self, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        handshakeTask = Task(executorPreference: executor) {
            let claimed: Result<Bool, any Error>
            do {
                claimed = .success(try await cache.claim(hello.nonce, ttl: ttl))
            } catch {
                claimed = .failure(error)
            }
            eventLoop.execute { connection.value.nonceClaimed(claimed, identity: identity) }
        }
    }

    private func nonceClaimed(_ claimed: Result<Bool, any Error>, identity: ClientIdentity) {
        handshakeTask = nil
        guard let context else { return }
        switch claimed {
        case .success(true):
            break
        case .success(false):
            logger.warning("rpc handshake refused: nonce replayed", metadata: ["rpc.client": "\(identity.name)"])
            perform(machine.handshakeFailed(WireError(.unauthenticated, "hello.nonce was already used")), context: context)
            return
        case .failure(let error):
            // Never accept a hello whose nonce could not be checked: it might be a replay.
            logger.warning("rpc handshake refused: nonce cache unavailable", metadata: ["error": "\(error)"])
            perform(
                machine.handshakeFailed(WireError(.unavailable, "the hello cannot be verified right now")),
                context: context
            )
            return
        }
        switch machine.handshakeSucceeded(identity) {
        case .ignore:
            return
        case .sendWelcome(let replay):
            handshakeTimer?.cancel()
            handshakeTimer = nil
            logger[metadataKey: "rpc.client"] = "\(identity.name)"
            methodLoggers.removeAll()
            logger.debug("rpc client authenticated")
            write(environment.welcome, context: context)
            for frame in replay { handleFrame(frame, context: context) }
            if readHeldBack {
                readHeldBack = false
                context.read()
            }
        }
    }

    // MARK: Requests

    private func handleRequest(_ frame: ParsedFrame, identity: ClientIdentity, context: ChannelHandlerContext) {
        guard let id = RequestHeader.id(of: frame) else {
            protocolViolation(.badRequest(field: "id", "a request needs an unsigned integer id"), context: context)
            return
        }
        let methodName = frame.string(frame.method)
        if case .reject(let error) = machine.requestReceived(id: id) {
            reject(id: id, error, metrics: environment.metrics.method(methodName), context: context)
            return
        }
        let header: RequestHeader
        do {
            header = try RequestHeader(id: id, frame: frame)
        } catch {
            reject(id: id, error, metrics: environment.metrics.method(methodName), context: context)
            return
        }
        let metrics = environment.metrics.method(header.method)
        guard identity.permissions.allows(header.method) else {
            reject(id: id, WireError(.forbidden, "client \(identity.name) may not call \(header.method)"), metrics: metrics, context: context)
            return
        }
        guard let method = environment.methods[header.method] else {
            reject(id: id, WireError(.unknownMethod, "no method \(header.method)"), metrics: metrics, context: context)
            return
        }
        if header.deadlineMS == 0 {
            reject(id: id, WireError(.deadlineExceeded, "the request arrived with no budget left"), metrics: metrics, context: context)
            return
        }
        guard environment.inFlight.tryAcquire() else {
            reject(id: id, WireError(.overloaded, "the server has too many requests in flight"), metrics: metrics, context: context)
            return
        }
        let request = InFlightRequest(metrics: metrics, started: .now())
        if case .rejected(let error) = machine.admit(id: id, request) {
            environment.inFlight.release()
            reject(id: id, error, metrics: metrics, context: context)
            return
        }
        dispatch(header, frame: frame, method: method, identity: identity, request: request, context: context)
    }

    private func reject(id: UInt64, _ error: WireError, metrics: MethodMetrics, context: ChannelHandlerContext) {
        metrics.record(code: error.code, started: nil)
        write(Envelope.failure(id: id, error), context: context)
    }

    private func dispatch(
        _ header: RequestHeader,
        frame: ParsedFrame,
        method: RPCMethod,
        identity: ClientIdentity,
        request: InFlightRequest,
        context: ChannelHandlerContext
    ) {
        var requestLogger = methodLogger(header.method)
        if let traceID = header.traceID { requestLogger[metadataKey: "trace_id"] = "\(traceID)" }
        let rpcContext = RPCContext(
            method: header.method,
            requestID: header.id,
            clientName: identity.name,
            idempotencyKey: header.idempotencyKey,
            traceID: header.traceID,
            deadline: header.deadlineMS.map { ContinuousClock.now + .milliseconds($0) },
            logger: requestLogger
        )
        let params = header.params.map { frame.slice($0) }
        let codec = environment.codec
        let id = header.id
        if let budget = header.deadlineMS {
            armDeadline(id: id, at: request.started + .milliseconds(min(budget, Self.longestDeadlineMS)), context: context)
        }
        let connection = NIOLoopBound(self, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        request.task = Task(executorPreference: executor) {
            let outcome = await method.respond(id, params, rpcContext, codec)
            if eventLoop.inEventLoop {
                connection.value.requestFinished(id: id, outcome)
            } else {
                eventLoop.execute { connection.value.requestFinished(id: id, outcome) }
            }
        }
    }

    // MARK: Deadlines

    private func armDeadline(id: UInt64, at deadline: NIODeadline, context: ChannelHandlerContext) {
        deadlines[id] = deadline
        // Budgets are mostly alike, so a new request rarely runs out before those already waiting.
        if let fires = deadlineTimerFires, fires <= deadline { return }
        deadlineTimer?.cancel()
        scheduleDeadlineCheck(at: deadline, context: context)
    }

    private func scheduleDeadlineCheck(at deadline: NIODeadline, context: ChannelHandlerContext) {
        deadlineTimerFires = deadline
        deadlineTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) {
            self.deadlinesDue()
        }
    }

    /// Answers every request whose deadline passed, then waits for the next one.
    private func deadlinesDue() {
        deadlineTimer = nil
        deadlineTimerFires = nil
        let now = NIODeadline.now()
        var expired: [(id: UInt64, deadline: NIODeadline)] = []
        var next: NIODeadline?
        for (id, deadline) in deadlines {
            if deadline <= now {
                expired.append((id, deadline))
            } else if next.map({ deadline < $0 }) ?? true {
                next = deadline
            }
        }
        // A late wake-up (a busy loop) may find several due: answer them in deadline order.
        expired.sort { $0.deadline < $1.deadline }
        for (id, _) in expired {
            deadlines[id] = nil
            deadlineExpired(id: id)
        }
        if let next, let context, machine.phase != .closed {
            scheduleDeadlineCheck(at: next, context: context)
        }
    }

    /// The connection's logger with `rpc.method` set, made once per method: setting metadata
    /// redacts and copies it, which per request cost more than the rest of the dispatch.
    /// Bounded: only registered methods are dispatched.
    private func methodLogger(_ method: String) -> Logger {
        if let cached = methodLoggers[method] { return cached }
        var methodLogger = logger
        methodLogger[metadataKey: "rpc.method"] = "\(method)"
        methodLoggers[method] = methodLogger
        return methodLogger
    }

    /// Budgets above a day are treated as a day; the timer needs a bound, nobody waits that long.
    private static var longestDeadlineMS: Int64 { 86_400_000 }

    func requestFinished(id: UInt64, _ outcome: RPCMethod.Outcome) {
        guard let context else { return }
        switch machine.requestCompleted(id: id) {
        case .drop:
            break
        case .send(let request, let thenClose):
            deadlines[id] = nil
            environment.inFlight.release()
            let outcome = Self.fitting(outcome, id: id, maxFrame: environment.configuration.maxFrame, logger: logger)
            request.metrics.record(code: outcome.code, started: request.started)
            if thenClose {
                writeAndClose(outcome.frame, context: context)
            } else {
                write(outcome.frame, context: context)
            }
        }
    }

    /// A response above `max_frame` would make the client drop the whole connection (and every other
    /// call on it); the one request fails instead. Results that can grow are meant to be paged.
    private static func fitting(_ outcome: RPCMethod.Outcome, id: UInt64, maxFrame: Int, logger: Logger) -> RPCMethod.Outcome {
        guard outcome.frame.readableBytes > maxFrame else { return outcome }
        logger.error(
            "rpc response exceeds max_frame",
            metadata: ["rpc.response_bytes": "\(outcome.frame.readableBytes)", "rpc.max_frame": "\(maxFrame)"]
        )
        let error = WireError(.internal, "the response exceeds the frame limit of \(maxFrame) bytes")
        return RPCMethod.Outcome(frame: Envelope.failure(id: id, error), code: error.code)
    }

    func deadlineExpired(id: UInt64) {
        guard let context else { return }
        switch machine.deadlineExpired(id: id) {
        case .drop:
            break
        case .send(let request, let thenClose):
            // Nobody waits for the result any more: stop the work and say so.
            request.task?.cancel()
            environment.inFlight.release()
            let error = WireError(.deadlineExceeded, "the request's deadline passed before it finished")
            request.metrics.record(code: error.code, started: request.started)
            let frame = Envelope.failure(id: id, error)
            if thenClose {
                writeAndClose(frame, context: context)
            } else {
                write(frame, context: context)
            }
        }
    }
}
