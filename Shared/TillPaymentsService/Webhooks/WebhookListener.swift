import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import TillPayments

/// The public HTTP listener for gateway webhooks (`TILL_WEBHOOK_LISTEN`, apart from the admin
/// port): `POST /webhooks/gateway` and nothing else.
///
/// A delivery is verified over its raw body bytes (``WebhookVerifier``: every configured secret,
/// ±300 s), its event id claimed (``WebhookEventStore``), processed, and answered exactly as
/// `API.md` says: `400` bad, missing or stale signature (or a body that is not an event), `409`
/// while the same event is being processed, `200 {"status":"duplicate"}` once it was, `500` when
/// processing failed (the claim is released, so the redelivery is processed), `200
/// {"status":"processed"}` otherwise.
public struct WebhookListener: Service {
    /// The largest body accepted; gateway events are a few hundred bytes.
    public static let maximumBodyBytes = 64 * 1024

    private let host: String
    private let port: Int
    private let verifier: WebhookVerifier
    private let events: any WebhookEventStore
    private let processor: WebhookProcessor
    private let logger: Logger
    private let onServerRunning: @Sendable (_ port: Int) async -> Void
    private let metrics = WebhookMetrics()

    /// A listener on `host:port` (0: any free port, reported to `onServerRunning`).
    public init(
        host: String, port: Int, verifier: WebhookVerifier, events: any WebhookEventStore, processor: WebhookProcessor,
        logger: Logger, onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.verifier = verifier
        self.events = events
        self.processor = processor
        self.logger = logger
        self.onServerRunning = onServerRunning
    }

    public func run() async throws {
        let router = Router()
        router.post("/webhooks/gateway") { request, _ -> Response in
            let body = try await request.body.collect(upTo: Self.maximumBodyBytes)
            let response = await self.deliver(body: body, signature: request.headers.first { $0.name.canonicalName == "stripe-signature" }?.value)
            self.metrics.record(response)
            return Self.response(response)
        }
        let logger = self.logger
        let onServerRunning = self.onServerRunning
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { channel in
                guard let port = channel.localAddress?.port else { return }
                logger.info("webhook listener listening", metadata: ["webhook.port": "\(port)"])
                await onServerRunning(port)
            },
            logger: logger
        )
        try await application.run()
    }

    /// Verifies, claims and processes one delivery.
    func deliver(body: ByteBuffer, signature: String?) async -> WebhookResponse {
        let bytes = body.readableBytesView
        do throws(WebhookVerificationError) {
            try verifier.verify(body: bytes, header: signature)
        } catch {
            logger.info("Webhook rejected", metadata: ["webhook.reason": "\(error.reason)"])
            return .rejected(error)
        }
        let event: GatewayWebhookEvent
        do {
            event = try GatewayWebhookEvent.decode(Array(bytes))
        } catch {
            logger.info("Webhook rejected", metadata: ["webhook.reason": "malformed_event"])
            return .rejected(.malformedHeader("the body is not a gateway event"))
        }
        let claim: WebhookClaim
        do {
            claim = try await events.claim(eventID: event.id)
        } catch {
            logger.warning("Webhook not claimed; the gateway redelivers", metadata: ["webhook.id": "\(event.id)", "error": "\(error)"])
            return .failed
        }
        if let answer = WebhookResponse(claim: claim) { return answer }
        do {
            try await processor.process(event)
        } catch {
            logger.warning("Webhook processing failed; the gateway redelivers", metadata: ["webhook.id": "\(event.id)", "error": "\(error)"])
            do {
                try await events.release(eventID: event.id)
            } catch {
                logger.warning("Webhook claim not released; it expires", metadata: ["webhook.id": "\(event.id)", "error": "\(error)"])
            }
            return .failed
        }
        do {
            try await events.markDone(eventID: event.id)
        } catch {
            // Processed: a redelivery after the claim expires is processed again, harmlessly
            // (every ledger step is idempotent).
            logger.warning("Webhook processed but not marked done", metadata: ["webhook.id": "\(event.id)", "error": "\(error)"])
        }
        logger.debug("Webhook processed", metadata: ["webhook.id": "\(event.id)", "webhook.type": "\(event.type)"])
        return .processed
    }

    static func response(_ response: WebhookResponse) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        let body: String
        switch response {
        case .rejected(let error): body = #"{"error":"\#(error.reason)"}"#
        case .inProgress: body = #"{"error":"in_progress"}"#
        case .failed: body = #"{"error":"processing_failed"}"#
        case .processed, .duplicate: body = #"{"status":"\#(response.status ?? "")"}"#
        }
        return Response(
            status: HTTPResponse.Status(code: response.statusCode), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }
}
