import Logging
import NIOCore
import Synchronization
@testable import TillWire

/// The methods of the fuzzed server: one per way a handler's params, result or error reach the wire.
enum FuzzRouter {
    static let router: RPCRouter = {
        var router = RPCRouter()
        // Untyped params and result: `JSONValueParser` in, `writeJSONValue` out.
        router.register("fuzz.echo") { (params: JSONValue, _: RPCContext) async throws -> JSONValue in params }
        // Typed params through `JSONDecoder` (and `bad_request` field paths), result through `JSONEncoder`.
        router.register("fuzz.typed") { (params: TypedParams, _: RPCContext) async throws -> TypedParams in params }
        router.register("fuzz.empty") { (_: Empty, _: RPCContext) async throws -> Empty in Empty() }
        router.register("fuzz.fail") { (params: JSONValue, _: RPCContext) async throws -> Empty in
            throw WireError(WireErrorCode("out_of_stock"), "domain failure", details: params)
        }
        router.register("fuzz.crash") { (_: Empty, _: RPCContext) async throws -> Empty in
            throw HandlerFailure()
        }
        // Everything the server derived from the envelope, echoed back.
        router.register("fuzz.context") { (_: Empty, context: RPCContext) async throws -> JSONValue in
            var members: [String: JSONValue] = [
                "method": .string(context.method),
                "client": .string(context.clientName),
                "request_id": .integer(Int64(truncatingIfNeeded: context.requestID)),
            ]
            members["idempotency_key"] = context.idempotencyKey.map { .string($0) }
            members["trace_id"] = context.traceID.map { .string($0) }
            // The conversion a handler does to pass its budget downstream (`RPCClient.call(deadline:)`).
            members["budget_ms"] = context.remainingBudget.map { .integer(TimeAmount($0).nanoseconds / 1_000_000) }
            members["past_deadline"] = .bool(context.isPastDeadline)
            context.logger.trace("fuzz.context")
            return .object(members)
        }
        // Stays in flight until cancelled (connection closed, drained or past its deadline).
        router.register("fuzz.block") { (_: Empty, _: RPCContext) async throws -> Empty in
            let gate = CancellationGate()
            await withTaskCancellationHandler {
                await gate.wait()
            } onCancel: {
                gate.open()
            }
            throw CancellationError()
        }
        return router
    }()

    struct HandlerFailure: Error {}
}

/// Params shaped like the services' own: strings, money, nested arrays of objects, optionals.
struct TypedParams: Codable, Sendable {
    struct Item: Codable, Sendable {
        var sku: String
        var quantity: Int
    }

    var orderID: String
    var amountMinor: Int64
    var currency: String
    var items: [Item]
    var note: String?
    var ratio: Double?
    var tags: [String: String]?

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case amountMinor = "amount_minor"
        case currency, items, note, ratio, tags
    }
}

/// Suspends a handler until `open()`; opening first makes `wait()` return at once.
final class CancellationGate: Sendable {
    private struct State {
        var opened = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.opened { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.opened = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }
}
