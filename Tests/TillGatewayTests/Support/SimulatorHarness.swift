import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization
import TillGatewayHTTP
import TillGatewaySim
import TillPayments

/// A simulator running in-process on a free loopback port, and an ``HTTPGateway`` pointed at it.
struct SimulatorHarness: Sendable {
    let baseURL: String
    let simulator: GatewaySimulator
    let gateway: HTTPGateway
    let httpClient: HTTPClient

    var stats: SimulatorStats { simulator.stats }

    static let logger = Logger(label: "test.gateway", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Runs `body` against a fresh simulator configured by `configuration`; stops it afterwards.
    static func with<T: Sendable>(
        _ configuration: GatewaySimulatorConfiguration = GatewaySimulatorConfiguration(),
        requestTimeout: Duration = .seconds(10),
        _ body: @Sendable (SimulatorHarness) async throws -> T
    ) async throws -> T {
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = GatewaySimulatorServer(configuration: configuration, host: "127.0.0.1", port: 0, logger: logger) { port in
            portContinuation.yield(port)
        }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: server)], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { portContinuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                try await tasks.waitForAll()
                throw HarnessError("simulator did not start")
            }
            let baseURL = "http://127.0.0.1:\(port)"
            let gatewayConfiguration = HTTPGatewayConfiguration(baseURL: baseURL, requestTimeout: requestTimeout)
            let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: gatewayConfiguration.httpClientConfiguration)
            let harness = SimulatorHarness(
                baseURL: baseURL, simulator: server.simulator,
                gateway: HTTPGateway(configuration: gatewayConfiguration, httpClient: httpClient, logger: logger),
                httpClient: httpClient
            )
            let result: Result<T, any Error>
            do {
                result = .success(try await body(harness))
            } catch {
                result = .failure(error)
            }
            try? await httpClient.shutdown()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }

    /// Raw GET of `path`: status and body text.
    func get(_ path: String) async throws -> (status: Int, body: String) {
        let response = try await httpClient.execute(HTTPClientRequest(url: baseURL + path), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 24)
        return (Int(response.status.code), String(buffer: body))
    }

    /// Raw POST of `body` to `path` with the given headers: status and body text.
    func post(_ path: String, body: String, headers: [(String, String)] = []) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await httpClient.execute(request, timeout: .seconds(10))
        let text = try await response.body.collect(upTo: 1 << 24)
        return (Int(response.status.code), String(buffer: text))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A clock a test moves by hand, to place payments in and out of report windows.
final class ManualClock: Sendable {
    private let seconds: Mutex<Int64>

    init(_ start: Int64) { seconds = Mutex(start) }

    var now: Int64 { seconds.withLock { $0 } }

    func set(_ value: Int64) { seconds.withLock { $0 = value } }
}

/// Requests built the way the payments service builds them.
enum Requests {
    static let usd = Currency.usd

    static func authorize(
        _ paymentID: String, card: String = "tok_visa", amount: Int64 = 4_999, key: String? = nil
    ) -> AuthorizationRequest {
        AuthorizationRequest(
            paymentID: paymentID, orderID: "ord_\(paymentID)", amount: Money(amount: amount, currency: usd),
            cardToken: CardToken(rawValue: card), customerID: "cus_1", email: "buyer@example.com", billingCountry: "US",
            idempotencyKey: key ?? "auth:\(paymentID)"
        )
    }
}
