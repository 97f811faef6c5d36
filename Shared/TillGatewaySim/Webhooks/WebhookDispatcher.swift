import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Logging
import NIOCore
import ServiceLifecycle
import TillPayments

/// Delivers webhook events to the receiver, signed Stripe-style, retrying each delivery with
/// backoff until it is answered 2xx (or abandoned, see ``WebhookConfiguration``).
///
/// Events are queued by ``enqueue(_:)`` from request handlers and sent by ``run()``, one child
/// task per delivery, so a slow receiver delays no request and no other delivery. A share of
/// events (``WebhookConfiguration/duplicateRate``) is queued twice, same id and body: the
/// receiver's dedup must answer the second `duplicate`. Each attempt is signed afresh with the
/// current time, as a gateway re-signs a redelivery.
///
/// Undelivered events are lost when the simulator stops; it keeps no state across runs.
public struct WebhookDispatcher: Service {
    /// One delivery of one event.
    struct Delivery: Sendable {
        let eventID: String
        let body: [UInt8]
    }

    private let configuration: WebhookConfiguration
    private let stats: SimulatorStats
    private let logger: Logger
    private let stream: AsyncStream<Delivery>
    private let continuation: AsyncStream<Delivery>.Continuation
    private let clock: @Sendable () -> Int64

    init(configuration: WebhookConfiguration, stats: SimulatorStats, clock: @escaping @Sendable () -> Int64, logger: Logger) {
        self.configuration = configuration
        self.stats = stats
        self.clock = clock
        self.logger = logger
        (stream, continuation) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .unbounded)
    }

    /// Queues `event` (twice, at the duplicate rate).
    func enqueue(_ event: WebhookEvent) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let body = try? encoder.encode(event) else {
            logger.error("Webhook event could not be encoded", metadata: ["event.id": "\(event.id)"])
            return
        }
        let delivery = Delivery(eventID: event.id, body: Array(body))
        let copies = configuration.duplicateRate > 0 && Double.random(in: 0..<1) < configuration.duplicateRate ? 2 : 1
        for _ in 0..<copies {
            stats.count(.webhooksQueued)
            continuation.yield(delivery)
        }
    }

    /// Sends queued deliveries until graceful shutdown.
    public func run() async throws {
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.timeout = .init(connect: .seconds(5), read: TimeAmount(configuration.requestTimeout))
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                for await delivery in stream {
                    group.addTask { await deliver(delivery, with: client) }
                }
            } onGracefulShutdown: {
                continuation.finish()
            }
            // Deliveries still retrying are given up: the simulator keeps nothing across runs.
            group.cancelAll()
        }
        try await client.shutdown()
    }

    private func deliver(_ delivery: Delivery, with client: HTTPClient) async {
        let started = ContinuousClock.now
        var generator = SystemRandomNumberGenerator()
        var attempt = 0
        while !Task.isCancelled {
            attempt += 1
            stats.count(.webhookAttempts)
            let status = await send(delivery, with: client)
            if let status, (200..<300).contains(status) {
                stats.count(.webhooksDelivered)
                logger.debug("Webhook delivered", metadata: ["event.id": "\(delivery.eventID)", "attempt": "\(attempt)"])
                return
            }
            stats.count(.webhookFailedAttempts)
            let wait = configuration.backoff(afterAttempt: attempt, using: &generator)
            guard attempt < configuration.maximumAttempts, started.duration(to: .now) + wait <= configuration.giveUpAfter else {
                break
            }
            logger.debug(
                "Webhook delivery failed; retrying",
                metadata: ["event.id": "\(delivery.eventID)", "attempt": "\(attempt)", "status": "\(status.map(String.init) ?? "none")"]
            )
            do {
                try await Task.sleep(for: wait)
            } catch {
                return
            }
        }
        stats.count(.webhooksAbandoned)
        logger.warning("Webhook delivery abandoned", metadata: ["event.id": "\(delivery.eventID)", "attempts": "\(attempt)"])
    }

    /// One POST; the status, or `nil` if there was no answer.
    private func send(_ delivery: Delivery, with client: HTTPClient) async -> Int? {
        let timestamp = clock()
        var request = HTTPClientRequest(url: configuration.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(
            name: "Stripe-Signature",
            value: "t=\(timestamp),v1=\(WebhookVerifier.signature(body: delivery.body, timestamp: timestamp, secret: configuration.secret))"
        )
        request.body = .bytes(ByteBuffer(bytes: delivery.body))
        do {
            let response = try await client.execute(request, timeout: TimeAmount(configuration.requestTimeout))
            // Drain the body so the connection can be reused.
            _ = try await response.body.collect(upTo: 64 * 1024)
            return Int(response.status.code)
        } catch {
            return nil
        }
    }
}
