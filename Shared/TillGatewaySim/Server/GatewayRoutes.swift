import Foundation
import Hummingbird
import NIOCore
import NIOFoundationCompat
import TillGatewayHTTP
import TillPayments
import TillWire

/// The simulator's HTTP API (`docs/GATEWAY-SIM.md`) on top of ``GatewaySimulator``.
struct GatewayRoutes: Sendable {
    let simulator: GatewaySimulator

    func router() -> Router<GatewayRequestContext> {
        let router = Router(context: GatewayRequestContext.self)
        router.get("/") { _, _ in GatewayResponses.json(["service": "till-gateway-sim"]) }
        router.get("/healthz") { _, _ in GatewayResponses.json(["status": "ok"]) }
        router.get("/readyz") { _, _ in GatewayResponses.json(["status": "ok"]) }
        router.get("/_sim/stats") { _, _ in GatewayResponses.json(simulator.stats.snapshot) }
        router.get("/_sim/drift") { request, _ in try drift(request) }
        router.post("/_sim/drift") { request, context in try await pinDrift(request, context) }
        router.delete("/_sim/drift") { _, _ in
            simulator.clearPinnedDrift()
            return GatewayResponses.json(["pinned": 0])
        }

        router.post(RouterPath(GatewayAPI.authorizationsPath)) { request, context in
            try await perform(request, context) { (body: AuthorizeBody) in .authorize(body) }
        }
        router.post("/v1/payments/:payment_id/capture") { request, context in
            let paymentID = try context.parameters.require("payment_id")
            return try await perform(request, context) { (body: CaptureBody) in .capture(paymentID: paymentID, body) }
        }
        router.post("/v1/payments/:payment_id/void") { request, context in
            let paymentID = try context.parameters.require("payment_id")
            return try await perform(request, context) { (body: VoidBody) in .void(paymentID: paymentID, body) }
        }
        router.post("/v1/payments/:payment_id/refunds") { request, context in
            let paymentID = try context.parameters.require("payment_id")
            return try await perform(request, context) { (body: RefundBody) in .refund(paymentID: paymentID, body) }
        }
        router.get("/v1/payments/:payment_id") { _, context in
            let paymentID = try context.parameters.require("payment_id")
            return try await reply(simulator.retrieve(paymentID: paymentID), context)
        }
        router.get(RouterPath(GatewayAPI.settlementsPath)) { request, context in
            try await report(request, context)
        }
        return router
    }

    private func perform<Body: Decodable>(
        _ request: Request,
        _ context: GatewayRequestContext,
        _ operation: (Body) -> GatewayLedger.Operation
    ) async throws -> Response {
        guard let key = request.headers[GatewayResponses.idempotencyKeyField], (1...255).contains(key.utf8.count) else {
            return GatewayResponses.badRequest(field: GatewayAPI.idempotencyKeyHeader, "Idempotency-Key header of 1-255 bytes required")
        }
        let bytes = try await request.body.collect(upTo: context.maxUploadSize)
        let body: Body
        if let type = Body.self as? any JSONValueDecodable.Type,
            let json = CanonicalJSON.parse(Array(bytes.readableBytesView)),
            let plain = type.init(jsonValue: json) as? Body
        {
            // The authorization's one-pass reader (see `GatewayAPI+JSON.swift`).
            body = plain
        } else {
            do {
                body = try JSONDecoder().decode(Body.self, from: bytes)
            } catch {
                return GatewayResponses.badRequest(field: Self.field(of: error), "malformed request body")
            }
        }
        return try await reply(simulator.perform(operation(body), key: key), context)
    }

    private func report(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let since = query.get("since", as: Int64.self) else { return GatewayResponses.badRequest(field: "since", "since (Unix seconds) required") }
        guard let until = query.get("until", as: Int64.self), until >= since else {
            return GatewayResponses.badRequest(field: "until", "until (Unix seconds, not before since) required")
        }
        let limit = query.get("limit", as: Int.self) ?? GatewayAPI.defaultReportLimit
        guard (1...GatewayAPI.maximumReportLimit).contains(limit) else {
            return GatewayResponses.badRequest(field: "limit", "limit must be from 1 to \(GatewayAPI.maximumReportLimit)")
        }
        let cursor = query.get("cursor").flatMap { $0.isEmpty ? nil : String($0) }
        switch await simulator.report(since: since, until: until, cursor: cursor, limit: limit) {
        case .success(let page):
            return GatewayResponses.jsonLines(page.rows, nextCursor: page.nextCursor)
        case .failure(let refusal):
            return try await reply(refusal.reply, context)
        }
    }

    private func drift(_ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        let since = query.get("since", as: Int64.self) ?? Int64.min
        let until = query.get("until", as: Int64.self) ?? Int64.max
        return GatewayResponses.json(["drifted": simulator.drifted(since: since, until: until)])
    }

    /// `POST /_sim/drift` with `{"<payment_id>": "omit" | "amount" | "status", …}`.
    private func pinDrift(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let bytes = try await request.body.collect(upTo: context.maxUploadSize)
        guard let pins = try? JSONDecoder().decode([String: DriftConfiguration.Kind].self, from: bytes) else {
            return GatewayResponses.badRequest(field: "body", "expected {\"<payment_id>\": \"omit\" | \"amount\" | \"status\"}")
        }
        simulator.pinDrift(pins)
        return GatewayResponses.json(["pinned": pins.count])
    }

    private func reply(_ reply: GatewaySimulator.Reply, _ context: GatewayRequestContext) async throws -> Response {
        switch reply {
        case .answer(let outcome):
            return GatewayResponses.outcome(outcome)
        case .drop:
            // Close before Hummingbird writes anything: the client sees the connection end with
            // no response, as when a gateway crashes mid-request.
            try? await context.channel.close()
            throw DroppedConnection()
        }
    }

    /// The JSON path of the field a decoding error is about, or `body`.
    private static func field(of error: any Error) -> String {
        let path: [any CodingKey]
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?: path = context.codingPath + [key]
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?: path = context.codingPath
        default: path = []
        }
        return path.isEmpty ? "body" : path.map(\.stringValue).joined(separator: ".")
    }
}

/// Thrown after closing a connection on purpose, so Hummingbird writes nothing more.
struct DroppedConnection: Error {}
