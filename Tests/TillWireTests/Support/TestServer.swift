import Logging
import NIOCore
import TillTestSupport
import TillWire

/// Params and results of the test methods.
struct EchoParams: Codable, Sendable {
    var value: Int
    var sleepMS: Int?

    enum CodingKeys: String, CodingKey {
        case value
        case sleepMS = "sleep_ms"
    }
}

struct EchoResult: Codable, Sendable, Hashable {
    var value: Int
    var client: String?
    var traceID: String?
}

struct OrderParams: Codable, Sendable {
    struct Item: Codable, Sendable {
        var sku: String
        var quantity: Int
    }

    var orderID: String
    var items: [Item]

    enum CodingKeys: String, CodingKey {
        case orderID = "order_id"
        case items
    }
}

/// An `RPCServer` running in its own task, for one test.
final class TestServer: Sendable {
    let server: RPCServer
    let port: Int
    private let task: Task<Void, any Error>

    private init(server: RPCServer, port: Int, task: Task<Void, any Error>) {
        self.server = server
        self.port = port
        self.task = task
    }

    static func start(
        port: Int = 0,
        nonceCache: any NonceCache = InMemoryNonceCache(),
        router: RPCRouter = TestServer.router(),
        configure: (inout RPCServerConfiguration) -> Void = { _ in }
    ) async throws -> TestServer {
        var configuration = RPCServerConfiguration(serverName: "test-1", port: port)
        configure(&configuration)
        let server = RPCServer(
            configuration: configuration,
            router: router,
            keyRing: try TestKeys.keyRing(),
            nonceCache: nonceCache,
            logger: Logger(label: "test-server", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let task = Task { try await server.run() }
        let address = try await server.localAddress()
        guard let bound = address.port else { throw TestSupportError("the server has no port") }
        return TestServer(server: server, port: bound, task: task)
    }

    /// Graceful shutdown; returns once `run()` has returned.
    func stop() async throws {
        server.triggerGracefulShutdown()
        try await task.value
    }

    /// `test.echo` (optionally sleeping), `test.order` (nested params), `test.fail` (a domain error),
    /// `test.crash` (an unexpected error), `test.block` (sleeps until cancelled), `test.context`.
    static func router() -> RPCRouter {
        var router = RPCRouter()
        router.register("test.echo") { (params: EchoParams, context: RPCContext) async throws -> EchoResult in
            if let sleep = params.sleepMS, sleep > 0 { try await Task.sleep(for: .milliseconds(sleep)) }
            return EchoResult(value: params.value, client: context.clientName, traceID: context.traceID)
        }
        router.register("test.order") { (params: OrderParams, _: RPCContext) async throws -> Empty in
            Empty()
        }
        router.register("test.fail") { (_: Empty, _: RPCContext) async throws -> Empty in
            throw WireError(WireErrorCode("insufficient_stock"), "sku-7: 3 requested, 1 available", details: ["sku": "sku-7"])
        }
        router.register("test.crash") { (_: Empty, _: RPCContext) async throws -> Empty in
            struct Secret: Error {}
            throw Secret()
        }
        router.register("test.block") { (_: Empty, _: RPCContext) async throws -> Empty in
            try await Task.sleep(for: .seconds(3600))
            return Empty()
        }
        router.register("checkout.start") { (params: JSONValue, _: RPCContext) async throws -> JSONValue in
            params
        }
        router.register("test.context") { (_: Empty, context: RPCContext) async throws -> JSONValue in
            [
                "method": .string(context.method),
                "id": .integer(Int64(context.requestID)),
                "client": .string(context.clientName),
                "idempotency_key": context.idempotencyKey.map(JSONValue.string) ?? .null,
                "trace_id": context.traceID.map(JSONValue.string) ?? .null,
                "budget_ms": context.remainingBudget.map { .integer(Int64($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000)) } ?? .null,
            ]
        }
        return router
    }
}
