import Foundation
import Testing
import TillAPI
import TillService
import TillTestSupport
import TillWire

/// The four service executables, started for real against a real redis-server.
@Suite(.serialized) struct ServiceExecutableTests {
    static let services = ["inventory", "payments", "shipping", "orchestrator"]

    @Test(arguments: services)
    func answersPingAndHealth(service: String) async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start("till-\(service)", redis: redis)

        try await withClient(to: process) { client in
            let ping = try await client.call("\(service).ping", params: Empty(), as: PingResult.self)
            #expect(ping.service == service)
            #expect(ping.version == TillVersion.current)
            let health = try await client.call("\(service).health", params: Empty(), as: HealthResult.self)
            #expect(health.status == "ok")
            #expect(health.redis == "ok")
        }

        let metrics = try await RawHTTP.send("GET", "/metrics", port: process.adminPort)
        #expect(metrics.status == 200)
        #expect(metrics.body.contains("till_rpc_requests_total"))

        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
    }

    @Test func healthReportsDegradedWhileRedisIsDown() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start("till-inventory", redis: redis)
        try await withClient(to: process) { client in
            // Connect first: a new connection's hello needs Redis (the shared nonce cache).
            _ = try await client.call("inventory.ping", params: Empty(), as: PingResult.self)
            redis.kill()
            try await redis.waitForExit()
            let health = try await client.call("inventory.health", params: Empty(), as: HealthResult.self)
            #expect(health.status == "degraded")
            #expect(health.redis == "down")
            let ready = try await RawHTTP.send("GET", "/readyz", port: process.adminPort)
            #expect(ready.status == 503)

            try await redis.launch()
            try await process.waitUntilReady(timeout: .seconds(20))
            let recovered = try await client.call("inventory.health", params: Empty(), as: HealthResult.self)
            #expect(recovered.status == "ok")
        }
        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
    }

    /// SIGTERM while a stream of requests is in flight: every request gets an answer or a
    /// retriable error, and the process exits 0.
    @Test func gracefulShutdownLosesNoRequest() async throws {
        let redis = try await RedisServer.start()
        defer { redis.stop() }
        let process = try await ServiceProcess.start("till-inventory", redis: redis)

        let outcomes = try await withClient(to: process) { client in
            try await withThrowingTaskGroup(of: (ok: Int, retriable: Int, lost: Int).self) { group in
                for _ in 0..<64 {
                    group.addTask {
                        var tally = (ok: 0, retriable: 0, lost: 0)
                        for _ in 0..<400 {
                            do throws(RPCError) {
                                _ = try await client.call("inventory.health", params: Empty(), as: HealthResult.self)
                                tally.ok += 1
                            } catch {
                                if error.retriable { tally.retriable += 1 } else { tally.lost += 1 }
                                if tally.retriable > 20 { break }
                            }
                        }
                        return tally
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(300))
                    process.signal(SIGTERM)
                    return (0, 0, 0)
                }
                var total = (ok: 0, retriable: 0, lost: 0)
                for try await tally in group {
                    total.ok += tally.ok
                    total.retriable += tally.retriable
                    total.lost += tally.lost
                }
                return total
            }
        }
        #expect(outcomes.ok > 0)
        #expect(outcomes.lost == 0)
        #expect(try await process.waitForExit() == 0)
        #expect(process.log().contains("service stopped"))
    }

    /// A bad setting stops the process at start with one line naming the variable, exit 64, and
    /// never the secret's value.
    @Test func badConfigurationExits64WithoutPrintingSecrets() async throws {
        let secret = "short-secret"
        let output = try await runToExit(
            "till-payments",
            environment: ["TILL_CLUSTER_KEY": secret, "TILL_REDIS_URL": "redis://127.0.0.1:1/0"]
        )
        #expect(output.status == 64)
        #expect(output.text.contains("TILL_CLUSTER_KEY"))
        #expect(!output.text.contains(secret))

        let listen = try await runToExit(
            "till-shipping",
            environment: ["TILL_CLUSTER_KEY": ServiceProcess.testClusterKey, "TILL_LISTEN": "nonsense"]
        )
        #expect(listen.status == 64)
        #expect(listen.text.contains("TILL_LISTEN"))
        #expect(!listen.text.contains(ServiceProcess.testClusterKey))
    }

    private func runToExit(_ executable: String, environment: [String: String]) async throws -> (status: Int32, text: String) {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("\(executable)-\(UUID()).out")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = LockedProcess()
        try process.start(
            executable: try Executables.locateProduct(executable),
            arguments: [],
            environment: environment,
            output: output
        )
        let status = try await process.waitForExit(timeout: .seconds(20))
        return (status, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
