import NIOCore

/// Who is told when a request's replies arrive.
///
/// Calls from async code suspend on a continuation (one per call: the hot path); connection
/// set-up, which runs in event-loop callbacks, uses a promise.
enum RedisReplyWaiter: Sendable {
    typealias SingleContinuation = CheckedContinuation<Result<RESPValue, RedisError>, Never>
    typealias BatchContinuation = CheckedContinuation<Result<[RESPValue], RedisError>, Never>

    /// One command, one reply.
    case single(SingleContinuation)
    /// Several replies (a pipeline, or one `SUBSCRIBE` per channel).
    case batch(BatchContinuation)
    /// Several replies, for event-loop code.
    case promise(EventLoopPromise<[RESPValue]>)
    /// Nobody waits (an `UNSUBSCRIBE` sent when a subscription's reader goes away).
    case discard

    func succeed(_ reply: RESPValue) {
        switch self {
        case .single(let continuation): continuation.resume(returning: .success(reply))
        case .batch(let continuation): continuation.resume(returning: .success([reply]))
        case .promise(let promise): promise.succeed([reply])
        case .discard: break
        }
    }

    func succeed(_ replies: [RESPValue]) {
        switch self {
        // A single-reply waiter is only ever enqueued with a reply count of 1.
        case .single(let continuation): continuation.resume(returning: .success(replies.first ?? .null))
        case .batch(let continuation): continuation.resume(returning: .success(replies))
        case .promise(let promise): promise.succeed(replies)
        case .discard: break
        }
    }

    func fail(_ error: RedisError) {
        switch self {
        case .single(let continuation): continuation.resume(returning: .failure(error))
        case .batch(let continuation): continuation.resume(returning: .failure(error))
        case .promise(let promise): promise.fail(error)
        case .discard: break
        }
    }
}

/// A request as the connection's state machine tracks it.
typealias RedisRequest = RedisConnectionStateMachine<RedisReplyWaiter>.Request

/// Commands gathered for one write: their bytes back to back, and who waits for the replies.
struct RedisCommandBatch: Sendable {
    var bytes: ByteBuffer
    var requests: [RedisRequest]
    /// Commands in `bytes`, for ``RedisClient/commandsSent``.
    var commandCount: Int
}
