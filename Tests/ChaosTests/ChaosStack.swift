import Foundation
import Logging
import TillTestSupport
import TillWire

/// A whole Till stack for a chaos scenario, each part a real executable the test can kill and
/// restart on the same port: its own `redis-server` with AOF (`appendfsync everysec`), the gateway
/// simulator, inventory, shipping, `payments` replicas and `orchestrator` replicas.
///
/// Settings follow `till up` (instance names per replica, one webhook listener per payments
/// replica) with short saga leases and scan intervals, so recovery happens within a CI-sized run.
final class ChaosStack: Sendable {
    let redis: RedisServer
    let simulator: GatewaySimulatorProcess
    let inventory: ServiceProcess
    let shipping: ServiceProcess
    let payments: [ServiceProcess]
    let orchestrators: [ServiceProcess]

    /// Every Till service (not Redis, not the simulator), for "all alive" and readiness checks.
    var services: [ServiceProcess] { [inventory, shipping] + payments + orchestrators }

    private init(
        redis: RedisServer, simulator: GatewaySimulatorProcess, inventory: ServiceProcess, shipping: ServiceProcess,
        payments: [ServiceProcess], orchestrators: [ServiceProcess]
    ) {
        self.redis = redis
        self.simulator = simulator
        self.inventory = inventory
        self.shipping = shipping
        self.payments = payments
        self.orchestrators = orchestrators
    }

    /// Starts everything and waits until every service is ready.
    ///
    /// - Parameters:
    ///   - gateway: extra simulator variables (`TILL_GATEWAY_ERROR_RATE`, …).
    ///   - paymentsEnvironment: extra `till-payments` variables.
    ///   - common: variables for every Till service (e.g. `TILL_DRAIN_TIMEOUT_MS`).
    static func start(
        orchestrators orchestratorCount: Int = 2, payments paymentsCount: Int = 1,
        gateway: [String: String] = [:], paymentsEnvironment: [String: String] = [:], common: [String: String] = [:]
    ) async throws -> ChaosStack {
        let redis = try await RedisServer.start(arguments: ["--appendonly", "yes", "--appendfsync", "everysec"])
        do {
            let webhookPorts = (0..<paymentsCount).map { _ in FreePort.next() }
            var simulatorEnvironment = ["TILL_GATEWAY_WEBHOOK_URL": "http://127.0.0.1:\(webhookPorts[0])/webhooks/gateway"]
            simulatorEnvironment.merge(gateway) { _, override in override }
            let simulator = try await GatewaySimulatorProcess.start(environment: simulatorEnvironment)
            let inventory = try await ServiceProcess.start("till-inventory", redis: redis, environment: common.merging(["TILL_INSTANCE": "inventory-1"]) { _, own in own })
            let shipping = try await ServiceProcess.start(
                "till-shipping", redis: redis,
                environment: common.merging(["TILL_INSTANCE": "shipping-1", "TILL_CARRIER_LATENCY_MS": "1"]) { _, own in own }
            )
            var payments: [ServiceProcess] = []
            for (index, webhookPort) in webhookPorts.enumerated() {
                var environment = [
                    "TILL_INSTANCE": "payments-\(index + 1)",
                    "TILL_GATEWAY_URL": simulator.url,
                    "TILL_WEBHOOK_LISTEN": "127.0.0.1:\(webhookPort)",
                    "TILL_WEBHOOK_SECRETS": GatewaySimulatorProcess.webhookSecrets,
                    "TILL_GATEWAY_TIMEOUT_MS": "1000",
                    "TILL_RESOLVER_INTERVAL_MS": "200",
                    // The load sends every order from its own customer; the limits are not under test.
                    "TILL_FRAUD_VELOCITY": "100000/3600",
                    "TILL_RATE_LIMIT": "100000/60",
                ]
                environment.merge(paymentsEnvironment) { _, override in override }
                environment.merge(common) { own, _ in own }
                payments.append(try await ServiceProcess.start("till-payments", redis: redis, environment: environment))
            }
            var orchestrators: [ServiceProcess] = []
            for index in 0..<orchestratorCount {
                orchestrators.append(
                    try await ServiceProcess.start(
                        "till-orchestrator", redis: redis,
                        environment: common.merging([
                            "TILL_INSTANCE": "orchestrator-\(index + 1)",
                            "TILL_INVENTORY_ADDR": address(inventory),
                            "TILL_SHIPPING_ADDR": address(shipping),
                            "TILL_PAYMENTS_ADDR": payments.map(address).joined(separator: ","),
                            "TILL_SAGA_LEASE_MS": "1000",
                            "TILL_SAGA_SCAN_INTERVAL_MS": "300",
                        ]) { _, own in own }
                    )
                )
            }
            return ChaosStack(
                redis: redis, simulator: simulator, inventory: inventory, shipping: shipping, payments: payments, orchestrators: orchestrators
            )
        } catch {
            redis.stop()
            throw error
        }
    }

    /// The `stack.env` `till-load` reads, as `till up` writes it.
    var loadEnvironment: [String: String] {
        [
            "TILL_CLUSTER_KEY": ServiceProcess.testClusterKey,
            "TILL_ORCHESTRATOR_ADDR": orchestrators.map(Self.address).joined(separator: ","),
            "TILL_INVENTORY_ADDR": Self.address(inventory),
            "TILL_SHIPPING_ADDR": Self.address(shipping),
            "TILL_PAYMENTS_ADDR": payments.map(Self.address).joined(separator: ","),
            "TILL_GATEWAY_URL": simulator.url,
        ]
    }

    static func address(_ service: ServiceProcess) -> String { "127.0.0.1:\(service.port)" }

    /// Kills every process (the test's end, or its failure).
    func stop() {
        for service in services { service.kill() }
        simulator.stop()
        redis.stop()
    }

    /// The services that are not running, with the tail of their log.
    func deadServices() -> [String] {
        services.filter { !$0.isRunning }.map { "\($0.executable) (\($0.environment["TILL_INSTANCE"] ?? "")):\n\($0.log().suffix(1_500))" }
    }

    /// `kill -9`, then the same executable again on the same ports once the old one is gone.
    func crashAndRestart(_ service: ServiceProcess, downFor pause: Duration = .milliseconds(300)) async throws {
        service.kill()
        _ = try await service.waitForExit(timeout: .seconds(10))
        try await Task.sleep(for: pause)
        try await service.restart()
    }

    /// `kill -9`s and restarts `victims` in turn, one every `interval` seconds from `started`, until
    /// 2 s before a load of `seconds` ends (so the last restart settles under load).
    /// - Returns: how many kills it made.
    func crashInTurn(_ victims: [ServiceProcess], every interval: Int = 5, from started: ContinuousClock.Instant, loadSeconds seconds: Int) async throws -> Int {
        var kills = 0
        while true {
            let next = started + .seconds(interval * (kills + 1))
            guard next < started + .seconds(seconds - 2) else { return kills }
            try await Task.sleep(until: next)
            try await crashAndRestart(victims[kills % victims.count])
            kills += 1
        }
    }

    /// The HTTP status of `/readyz` on `service`'s admin port (nil: no answer within 2 s).
    static func readiness(_ service: ServiceProcess) async -> Int? {
        try? await RawHTTP.send("GET", "/readyz", port: service.adminPort, timeout: .seconds(2)).status
    }

    /// Sums a counter of every `service`'s `/metrics` over the lines that contain every one of `matching`.
    static func metric(_ name: String, matching: [String], of services: [ServiceProcess]) async throws -> Double {
        var total = 0.0
        for service in services {
            let response = try await RawHTTP.send("GET", "/metrics", port: service.adminPort, timeout: .seconds(5))
            for line in response.body.split(separator: "\n") where line.hasPrefix(name + "{") && matching.allSatisfy({ line.contains($0) }) {
                total += Double(line.split(separator: " ").last ?? "") ?? 0
            }
        }
        return total
    }

    static let logger = Logger(label: "chaos", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A client of `service` for the duration of `body`.
    static func client<T: Sendable>(_ service: ServiceProcess, _ body: @Sendable (RPCClient) async throws -> T) async throws -> T {
        try await withTestClient(to: service, name: "chaos-test", body)
    }
}
