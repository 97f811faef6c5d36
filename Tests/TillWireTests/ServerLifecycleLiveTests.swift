import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import Testing
import TillTestSupport
import TillWire

/// Graceful shutdown and metrics, with the server run the way services run it: in a `ServiceGroup`.
@Suite("Server lifecycle (live)")
struct ServerLifecycleLiveTests {
    private static let logger = Logger(label: "lifecycle", factory: { _ in SwiftLogNoOpLogHandler() })

    private func makeServer(configure: (inout RPCServerConfiguration) -> Void = { _ in }) throws -> RPCServer {
        var configuration = RPCServerConfiguration(serverName: "lifecycle-1")
        configure(&configuration)
        return RPCServer(
            configuration: configuration,
            router: TestServer.router(),
            keyRing: try TestKeys.keyRing(),
            nonceCache: InMemoryNonceCache(),
            logger: Self.logger
        )
    }

    private func port(of server: RPCServer) async throws -> Int {
        guard let port = try await server.localAddress().port else { throw TestSupportError("no port") }
        return port
    }

    @Test("graceful shutdown: in-flight requests are answered, later ones get unavailable, then run() returns")
    func gracefulShutdown() async throws {
        let server = try makeServer()
        let group = ServiceGroup(services: [server], logger: Self.logger)
        let running = Task { try await group.run() }
        let port = try await port(of: server)
        let connection = try await RawWireConnection.connect(port: port)
        try await connection.authenticate()
        try await connection.send(#"{"id":1,"method":"test.echo","params":{"value":1,"sleep_ms":3000}}"#)
        try await Task.sleep(for: .milliseconds(100))

        await group.triggerGracefulShutdown()
        // The shutdown has begun once the listener is closed (new connections are refused).
        let stoppedAccepting = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < stoppedAccepting, let probe = try? await RawWireConnection.connect(port: port) {
            await probe.close()
            try await Task.sleep(for: .milliseconds(20))
        }
        try await connection.send(#"{"id":2,"method":"test.echo","params":{"value":2}}"#)
        let refused = try await connection.receive()
        #expect(refused?["id"] == 2)
        #expect(refused?["error"]?["code"] == "unavailable")
        #expect(refused?["error"]?["retriable"] == true)

        let answered = try await connection.receive()
        #expect(answered?["result"]?["value"] == 1)
        #expect(await connection.isClosedByServer(), "the connection closes once drained")
        try await running.value

        // No longer listening.
        await #expect(throws: (any Error).self) { _ = try await RawWireConnection.connect(port: port) }
    }

    @Test("the drain timeout bounds graceful shutdown; requests still running are cut off")
    func drainTimeout() async throws {
        let server = try makeServer { $0.drainTimeout = .milliseconds(300) }
        let group = ServiceGroup(services: [server], logger: Self.logger)
        let running = Task { try await group.run() }
        let connection = try await RawWireConnection.connect(port: try await port(of: server))
        try await connection.authenticate()
        try await connection.send(#"{"id":1,"method":"test.block"}"#)
        try await Task.sleep(for: .milliseconds(100))
        let started = ContinuousClock.now
        await group.triggerGracefulShutdown()
        #expect(await connection.isClosedByServer())
        try await running.value
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test("cancelling run() closes every connection and returns")
    func cancellation() async throws {
        let server = try makeServer()
        let running = Task { try await server.run() }
        let connection = try await RawWireConnection.connect(port: try await port(of: server))
        try await connection.authenticate()
        try await connection.send(#"{"id":1,"method":"test.block"}"#)
        try await Task.sleep(for: .milliseconds(100))
        running.cancel()
        #expect(await connection.isClosedByServer())
        try await running.value
        #expect(server.connectionCount == 0)
    }

    @Test("under load, every call during a shutdown succeeds or fails retriably")
    func shutdownUnderLoad() async throws {
        let server = try makeServer()
        let group = ServiceGroup(services: [server], logger: Self.logger)
        let running = Task { try await group.run() }
        let client = RPCClient.test(ports: [try await port(of: server)])
        _ = try await client.call("test.echo", params: EchoParams(value: 0), as: EchoResult.self)

        let stop = StopFlag()
        let outcomes = try await withThrowingTaskGroup(of: (ok: Int, retriable: Int, other: [String]).self) { tasks in
            for worker in 0..<16 {
                tasks.addTask {
                    var ok = 0
                    var retriable = 0
                    var other: [String] = []
                    var value = worker * 1_000_000
                    while !stop.isSet {
                        value += 1
                        do {
                            let result = try await client.call(
                                "test.echo",
                                params: EchoParams(value: value, sleepMS: 20),
                                as: EchoResult.self
                            )
                            if result.value == value { ok += 1 } else { other.append("mismatch") }
                        } catch {
                            if (error as? RPCError)?.retriable == true { retriable += 1 } else { other.append("\(error)") }
                            try await Task.sleep(for: .milliseconds(10))
                        }
                    }
                    return (ok, retriable, other)
                }
            }
            try await Task.sleep(for: .milliseconds(400))
            await group.triggerGracefulShutdown()
            try await running.value
            try await Task.sleep(for: .milliseconds(100))
            stop.set()
            var total = (ok: 0, retriable: 0, other: [String]())
            for try await outcome in tasks {
                total.ok += outcome.ok
                total.retriable += outcome.retriable
                total.other += outcome.other
            }
            return total
        }
        #expect(outcomes.ok > 0)
        #expect(outcomes.retriable > 0, "calls after the shutdown fail, retriably")
        #expect(outcomes.other.isEmpty, "\(outcomes.other.prefix(5))")
        await client.shutdown()
    }

    @Test("metrics count requests by method and code, with unregistered methods as unknown")
    func metrics() async throws {
        let metrics = TestMetrics()
        let server = try await TestServer.start { $0.metricsFactory = metrics }
        let client = RPCClient.test(ports: [server.port])
        _ = try await client.call("test.echo", params: EchoParams(value: 1), as: EchoResult.self)
        _ = try await client.call("test.echo", params: EchoParams(value: 2), as: EchoResult.self)
        _ = try? await client.call("test.fail")
        _ = try? await client.call("no.such.method.\(UUID().uuidString.prefix(4))")
        _ = try? await client.call("test.echo", params: ["value": "x"])
        await client.shutdown()
        try await server.stop()

        let requests = "till_rpc_requests_total"
        #expect(metrics.counter(requests, [("method", "test.echo"), ("code", "ok")]) == 2)
        #expect(metrics.counter(requests, [("method", "test.echo"), ("code", "bad_request")]) == 1)
        #expect(metrics.counter(requests, [("method", "test.fail"), ("code", "insufficient_stock")]) == 1)
        #expect(metrics.counter(requests, [("method", "unknown"), ("code", "unknown_method")]) == 1)
        #expect(!metrics.counterKeys.contains { $0.contains("no.such.method") }, "labels stay bounded")
        #expect(metrics.timerSamples("till_rpc_request_duration_seconds", [("method", "test.echo")]) == 3)
    }
}

/// Tells the load generators to stop.
private final class StopFlag: Sendable {
    private let flag = Atomic(false)
    var isSet: Bool { flag.load(ordering: .relaxed) }
    func set() { flag.store(true, ordering: .relaxed) }
}
