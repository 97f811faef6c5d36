import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization
import TillPayments

/// A tiny webhook endpoint for tests: records every delivery, checks its signature with
/// ``WebhookVerifier``, and answers `500` to the first `failures` deliveries, `200` after.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        let body: [UInt8]
        let signatureHeader: String?
        let verified: Bool

        var event: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
        }
    }

    private let verifier: WebhookVerifier
    private let failures: Int
    private let received = Mutex<[Delivery]>([])

    init(secrets: [String], failures: Int = 0) {
        self.verifier = WebhookVerifier(secrets: secrets)
        self.failures = failures
    }

    var deliveries: [Delivery] { received.withLock { $0 } }

    /// Runs the receiver on a free port for the duration of `body`, which gets its URL.
    func run<T: Sendable>(_ body: @Sendable (_ url: String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/webhooks/gateway") { request, _ -> Response in
            let bytes = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            let header = request.headers[.stripeSignature]
            let verified = (try? self.verifier.verify(body: bytes, header: header)) != nil
            let count = self.received.withLock {
                $0.append(Delivery(body: bytes, signatureHeader: header, verified: verified))
                return $0.count
            }
            return Response(status: count <= self.failures ? .internalServerError : .ok)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: SimulatorHarness.logger
        )
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: application)], logger: SimulatorHarness.logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { continuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw HarnessError("receiver did not start") }
            let result: Result<T, any Error>
            do {
                result = .success(try await body("http://127.0.0.1:\(port)/webhooks/gateway"))
            } catch {
                result = .failure(error)
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }

    /// Waits until `condition` holds for the deliveries, or `timeout` passes.
    func waitFor(timeout: Duration = .seconds(30), _ condition: ([Delivery]) -> Bool) async throws -> [Delivery] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let current = deliveries
            if condition(current) { return current }
            try await Task.sleep(for: .milliseconds(20))
        }
        return deliveries
    }
}

extension HTTPField.Name {
    static var stripeSignature: Self {
        guard let name = Self("Stripe-Signature") else { preconditionFailure("valid header name") }
        return name
    }
}
