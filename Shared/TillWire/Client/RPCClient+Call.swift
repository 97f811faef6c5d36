import Foundation
import NIOCore

extension RPCClient {
    /// Calls `method` with `params` and decodes the `result` as `Result`.
    ///
    /// - Parameters:
    ///   - idempotencyKey: sent as `idempotency_key` (1–255 characters); required by state-changing payments methods.
    ///   - deadline: the budget for the whole call, including connecting; the remainder is sent as
    ///     `deadline_ms`. Defaults to ``RPCClientConfiguration/defaultDeadline``.
    ///   - traceID: sent as `trace_id`.
    /// - Throws: ``RPCError``: the server's error (`source == .server`), a transport failure
    ///   (`unavailable`, retriable), or a local one (`deadline_exceeded`, cancellation, undecodable result).
    public func call<Params: Encodable & Sendable, Result: Decodable & Sendable>(
        _ method: String,
        params: Params,
        as resultType: Result.Type = Result.self,
        idempotencyKey: String? = nil,
        deadline: Duration? = nil,
        traceID: String? = nil
    ) async throws(RPCError) -> Result {
        let paramsJSON: Data
        do {
            paramsJSON = try codec.encodeParams(params)
        } catch {
            throw RPCError(WireError(.badRequest, "the params of \(method) cannot be encoded: \(error)"), source: .local)
        }
        let json = try await send(
            method,
            paramsJSON: paramsJSON,
            idempotencyKey: idempotencyKey,
            deadline: deadline,
            traceID: traceID
        )
        do {
            return try codec.decodeResult(Result.self, from: json)
        } catch {
            throw RPCError(
                WireError(.internal, "the result of \(method) does not decode as \(Result.self): \(error)"),
                source: .local
            )
        }
    }

    /// Calls `method` with untyped params and returns the untyped result.
    public func call(
        _ method: String,
        params: JSONValue = [:],
        idempotencyKey: String? = nil,
        deadline: Duration? = nil,
        traceID: String? = nil
    ) async throws(RPCError) -> JSONValue {
        try await call(
            method,
            params: params,
            as: JSONValue.self,
            idempotencyKey: idempotencyKey,
            deadline: deadline,
            traceID: traceID
        )
    }

    private func send(
        _ method: String,
        paramsJSON: Data,
        idempotencyKey: String?,
        deadline: Duration?,
        traceID: String?
    ) async throws(RPCError) -> ByteBuffer {
        let expiry = NIODeadline.now() + TimeAmount(deadline ?? configuration.defaultDeadline)
        // A request that never left this client can be sent on another connection; bounded, since a
        // connection only refuses sends while it is going away.
        for _ in 0..<3 {
            if Task.isCancelled { throw .cancelled }
            let connection = try await pool.connection(before: expiry)
            let remaining = expiry - .now()
            guard remaining > .zero else { throw .deadlineExceeded() }
            let id = makeRequestID()
            let frame = Envelope.request(
                id: id,
                method: method,
                paramsJSON: paramsJSON,
                idempotencyKey: idempotencyKey,
                deadlineMS: max(1, remaining.nanoseconds / 1_000_000),
                traceID: traceID
            )
            switch await connection.roundTrip(id: id, frame: frame, deadline: expiry) {
            case .result(let json): return json
            case .failure(let error): throw error
            case .notSent: continue
            }
        }
        throw .transport("no connection could take the request")
    }
}
