import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Testing
import TillGatewayHTTP
import TillGatewaySim
import TillPayments
import TillTestSupport

/// The real `till-gateway-sim` executable, configured by environment.
@Suite("till-gateway-sim executable")
struct GatewaySimExecutableTests {
    @Test("starts, answers /readyz and the API, counts calls, and stops on SIGTERM")
    func servesAndStops() async throws {
        let process = LockedProcess()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("till-gateway-sim-\(UUID().uuidString.prefix(8)).log")
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
        var port = 0
        var ready = false
        for _ in 0..<3 where !ready {
            port = FreePort.next()
            try process.start(
                executable: try Executables.locateProduct("till-gateway-sim"),
                arguments: [],
                environment: [
                    "TILL_GATEWAY_LISTEN": "127.0.0.1:\(port)",
                    "TILL_GATEWAY_LATENCY_MS": "0..2",
                    "TILL_GATEWAY_DRIFT": "amount=1",
                    "TILL_LOG_LEVEL": "info",
                ],
                output: log
            )
            ready = await Self.waitUntilReady(client: client, port: port)
            if !ready { process.signal(SIGKILL) }
        }
        do {
            try #require(ready, "till-gateway-sim did not become ready; log: \(log.path)")
            let gateway = HTTPGateway(configuration: HTTPGatewayConfiguration(baseURL: "http://127.0.0.1:\(port)"), httpClient: client, logger: SimulatorHarness.logger)
            let authorization = try await gateway.authorize(Requests.authorize("pay_exe"))
            #expect(authorization.authorizationID.hasPrefix("auth_"))
            let now = Int64(Date().timeIntervalSince1970)
            let page = try await gateway.settlementReport(since: now - 60, until: now + 60, cursor: nil)
            #expect(page.records.map(\.paymentID.description) == ["pay_exe"])
            #expect(page.records.first?.amount == DriftConfiguration.amountDelta, "TILL_GATEWAY_DRIFT reached the report")

            let response = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/_sim/stats"), timeout: .seconds(10))
            let stats = try JSONDecoder().decode(SimulatorStats.Snapshot.self, from: try await response.body.collect(upTo: 1 << 20))
            #expect(stats.requests(.authorize) == 1)
            #expect(stats[.authorizationsCreated] == 1)

            process.signal(SIGTERM)
            #expect(try await process.waitForExit(timeout: .seconds(20)) == 0)
        } catch {
            process.signal(SIGKILL)
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    @Test("a bad setting stops start-up with exit status 64 and a line naming the variable")
    func badSetting() async throws {
        let process = LockedProcess()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("till-gateway-sim-bad-\(UUID().uuidString.prefix(8)).log")
        try process.start(
            executable: try Executables.locateProduct("till-gateway-sim"),
            arguments: [],
            environment: ["TILL_GATEWAY_ERROR_RATE": "2", "TILL_GATEWAY_LISTEN": "127.0.0.1:0"],
            output: log
        )
        #expect(try await process.waitForExit(timeout: .seconds(20)) == 64)
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(output.contains("TILL_GATEWAY_ERROR_RATE"))
    }

    private static func waitUntilReady(client: HTTPClient, port: Int) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let response = try? await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/readyz"), timeout: .seconds(2)),
                response.status == .ok
            {
                return true
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
