import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import Synchronization
import Testing
import TillObservability
import TillTestSupport

@Suite("AdminServer")
struct AdminServerTests {
    /// Runs an admin server on an ephemeral port for `body`, then shuts it down gracefully and
    /// checks that it stopped.
    private func withAdminServer(
        readinessTimeout: Duration = AdminServer.defaultReadinessTimeout,
        logOutput: CapturingLogOutput = CapturingLogOutput(),
        readiness: @escaping @Sendable () async -> Readiness,
        _ body: (_ port: Int, _ registry: PrometheusCollectorRegistry) async throws -> Void
    ) async throws {
        let registry = PrometheusCollectorRegistry()
        let logger = Logger(label: "till.admin") { label in
            TillLogging.makeHandler(
                label: label,
                service: "test",
                level: .debug,
                format: .json,
                redactor: TestRedactor(),
                output: logOutput
            )
        }
        let (ports, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let server = AdminServer(
            host: "127.0.0.1",
            port: 0,
            registry: registry,
            readinessTimeout: readinessTimeout,
            logger: logger,
            readiness: readiness,
            onServerRunning: { portContinuation.yield($0) }
        )
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                // A server that fails to bind ends the port stream, so the test fails instead of hanging.
                defer { portContinuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            #expect(port > 0)
            do {
                try await body(port, registry)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func servesPrometheusMetrics() async throws {
        try await self.withAdminServer(readiness: { Readiness(components: [:]) }) { port, registry in
            let factory = TillMetrics.makeFactory(registry: registry)
            Counter(label: "till.test.scrapes", factory: factory).increment(by: 7)
            Metrics.Timer(label: "till.test.latency", factory: factory).recordMilliseconds(2)

            let response = try await RawHTTP.send("GET", "/metrics", port: port)
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(response.body.contains("# TYPE till_test_scrapes counter\ntill_test_scrapes 7\n"))
            #expect(response.body.contains(#"till_test_latency_bucket{le="0.0025"} 1"#))
        }
    }

    @Test func answersLivenessAndReadiness() async throws {
        let redis = Mutex("ok")
        try await self.withAdminServer(readiness: { Readiness(components: ["redis": redis.withLock { $0 }]) }) { port, _ in
            let health = try await RawHTTP.send("GET", "/healthz", port: port)
            #expect(health.status == 200)
            #expect(health.headers["content-type"] == "application/json")
            #expect(health.body == #"{"status":"ok"}"#)

            let ready = try await RawHTTP.send("GET", "/readyz", port: port)
            #expect(ready.status == 200)
            #expect(ready.body == #"{"ready":true,"components":{"redis":"ok"}}"#)

            redis.withLock { $0 = "down" }
            let notReady = try await RawHTTP.send("GET", "/readyz", port: port)
            #expect(notReady.status == 503)
            #expect(notReady.body == #"{"ready":false,"components":{"redis":"down"}}"#)
        }
    }

    @Test func aHangingReadinessCheckAnswers503AfterTheTimeout() async throws {
        try await self.withAdminServer(
            readinessTimeout: .milliseconds(200),
            readiness: {
                try? await Task.sleep(for: .seconds(60))
                return Readiness(ready: true)
            }
        ) { port, _ in
            let response = try await RawHTTP.send("GET", "/readyz", port: port)
            #expect(response.status == 503)
            #expect(response.body == #"{"ready":false,"components":{"readiness":"timeout"}}"#)
        }
    }

    @Test func offersNoOtherMethodsOrPaths() async throws {
        try await self.withAdminServer(readiness: { Readiness(ready: true) }) { port, _ in
            for method in ["POST", "PUT", "DELETE", "PATCH"] {
                for path in ["/metrics", "/healthz", "/readyz"] {
                    let response = try await RawHTTP.send(method, path, port: port, body: "{}")
                    #expect(response.status == 405, "\(method) \(path)")
                    #expect(response.headers["allow"] == "GET")
                }
            }
            let unknown = try await RawHTTP.send("GET", "/admin/shutdown", port: port)
            #expect(unknown.status == 404)
        }
    }

    @Test func aPortInUseFailsTheService() async throws {
        try await self.withAdminServer(readiness: { Readiness(ready: true) }) { port, registry in
            let second = AdminServer(
                host: "127.0.0.1",
                port: port,
                registry: registry,
                logger: Logger(label: "till.admin.second") { _ in SwiftLogNoOpLogHandler() },
                readiness: { Readiness(ready: true) }
            )
            await #expect(throws: (any Error).self) { try await second.run() }
        }
    }

    @Test func requestLogsGoThroughTheInjectedRedactingLogger() async throws {
        let logOutput = CapturingLogOutput()
        try await self.withAdminServer(logOutput: logOutput, readiness: { Readiness(ready: true) }) { port, _ in
            let response = try await RawHTTP.send("GET", "/healthz?token=secret", port: port)
            #expect(response.status == 200)
        }
        let requestLines = try logOutput.jsonObjects().filter { $0["hb.request.method"] != nil }
        let line = try #require(requestLines.first)
        #expect(line["service"] as? String == "test")
        #expect(line["hb.request.path"] as? String == "/healthz?token=[REDACTED]")
    }
}
