/// Who holds a webhook event id (`till:webhook:{<event_id>}` in Redis).
public enum WebhookClaim: String, Sendable, Hashable {
    /// This delivery claimed the event (`SET … processing NX EX 60` succeeded): process it.
    case claimed
    /// Another delivery is processing the event right now.
    case processing
    /// The event was processed before.
    case done
}

/// Event-id dedup for webhooks: the Redis store claims with `SET NX EX 60`, marks done with a
/// seven-day TTL, and releases with `DEL` so that a failed attempt leaves nothing behind and the
/// gateway's redelivery is processed. An event is never lost to its own dedup record.
public protocol WebhookEventStore: Sendable {
    /// Claims `eventID` for processing, or reports who has it.
    func claim(eventID: String) async throws -> WebhookClaim
    /// Records that `eventID` was processed.
    func markDone(eventID: String) async throws
    /// Forgets the claim on `eventID` after processing failed.
    func release(eventID: String) async throws
}

/// The HTTP answer to a webhook delivery (`API.md`, "Webhooks").
public enum WebhookResponse: Sendable, Hashable {
    /// `400`: bad or missing signature, or a stale timestamp.
    case rejected(WebhookVerificationError)
    /// `200 {"status": "processed"}`.
    case processed
    /// `200 {"status": "duplicate"}`: the event id was processed before.
    case duplicate
    /// `409`: the same event id is being processed; the gateway retries later.
    case inProgress
    /// `500`: processing failed and nothing was recorded; the gateway redelivers.
    case failed

    /// The response for a delivery that found `claim` when it tried to claim its event; `nil`
    /// when it claimed the event and must now process it.
    public init?(claim: WebhookClaim) {
        switch claim {
        case .claimed: return nil
        case .processing: self = .inProgress
        case .done: self = .duplicate
        }
    }

    /// The HTTP status code.
    public var statusCode: Int {
        switch self {
        case .rejected: 400
        case .processed, .duplicate: 200
        case .inProgress: 409
        case .failed: 500
        }
    }

    /// The `status` of the JSON body, where there is one.
    public var status: String? {
        switch self {
        case .processed: "processed"
        case .duplicate: "duplicate"
        case .rejected, .inProgress, .failed: nil
        }
    }
}
