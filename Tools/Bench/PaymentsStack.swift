import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import TillProcess

/// The money path a payments benchmark runs against: the ``LocalStack`` Redis, a zero-latency
/// `till-gateway-sim` and a `till-payments` (RPC, admin and webhook listeners), each on a free
/// loopback port. Their logs (warnings and worse) go to a temporary folder, kept when asked.
final class PaymentsStack: Sendable {
    /// The webhook signing secret the payments service is started with.
    static let webhookSecret = "bench-webhook-secret-" + UUID().uuidString

    let redisStack: LocalStack
    let paymentsPort: Int
    let adminPort: Int
    let webhookPort: Int
    let gatewayPort: Int
    private let gateway: SpawnedProcess
    private let payments: SpawnedProcess
    let logDirectory: URL

    var paymentsPID: Int32 { payments.pid }
    var gatewayPID: Int32 { gateway.pid }

    private init(
        redisStack: LocalStack, paymentsPort: Int, adminPort: Int, webhookPort: Int, gatewayPort: Int,
        gateway: SpawnedProcess, payments: SpawnedProcess, logDirectory: URL
    ) {
        self.redisStack = redisStack
        self.paymentsPort = paymentsPort
        self.adminPort = adminPort
        self.webhookPort = webhookPort
        self.gatewayPort = gatewayPort
        self.gateway = gateway
        self.payments = payments
        self.logDirectory = logDirectory
    }

    /// Starts Redis, the simulator, then the payments service, and waits until all listen.
    static func start() async throws -> PaymentsStack {
        let redisStack = try await LocalStack.start(service: nil)
        let logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-payments-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        let base = ProcessInfo.processInfo.environment

        let gatewayPort = try await freePort()
        var gatewayEnvironment = base
        gatewayEnvironment["TILL_GATEWAY_LISTEN"] = "127.0.0.1:\(gatewayPort)"
        gatewayEnvironment["TILL_GATEWAY_LATENCY_MS"] = "0"
        gatewayEnvironment["TILL_LOG_LEVEL"] = "warning"
        let gateway = try SpawnedProcess(
            executable: try ProcessRunner.locate("till-gateway-sim").path, arguments: [], environment: gatewayEnvironment,
            output: logDirectory.appendingPathComponent("till-gateway-sim.log").path
        )
        try await waitForPort(gatewayPort)

        let paymentsPort = try await freePort()
        let adminPort = try await freePort()
        let webhookPort = try await freePort()
        var environment = base
        environment["TILL_REDIS_URL"] = redisStack.redisURL
        environment["TILL_LISTEN"] = "127.0.0.1:\(paymentsPort)"
        environment["TILL_ADMIN_LISTEN"] = "127.0.0.1:\(adminPort)"
        environment["TILL_WEBHOOK_LISTEN"] = "127.0.0.1:\(webhookPort)"
        environment["TILL_WEBHOOK_SECRETS"] = webhookSecret
        environment["TILL_GATEWAY_URL"] = "http://127.0.0.1:\(gatewayPort)"
        environment["TILL_CLUSTER_KEY"] = LocalStack.clusterKey
        environment["TILL_LOG_LEVEL"] = "warning"
        // The resolver's periodic scan would add its own Redis commands to the per-authorize count;
        // with a zero-latency gateway nothing is ever unknown, so it has no work to do anyway.
        environment["TILL_RESOLVER_INTERVAL_MS"] = "600000"
        let payments = try SpawnedProcess(
            executable: try ProcessRunner.locate("till-payments").path, arguments: [], environment: environment,
            output: logDirectory.appendingPathComponent("till-payments.log").path
        )
        for port in [paymentsPort, adminPort, webhookPort] { try await waitForPort(port) }
        return PaymentsStack(
            redisStack: redisStack, paymentsPort: paymentsPort, adminPort: adminPort, webhookPort: webhookPort,
            gatewayPort: gatewayPort, gateway: gateway, payments: payments, logDirectory: logDirectory
        )
    }

    /// `till_redis_commands_total` of the payments process, from its admin `/metrics`.
    func paymentsRedisCommands() async throws -> Double {
        let admin = try await BenchHTTPClient.connect(host: "127.0.0.1", port: adminPort, connections: 1)
        let answer: BenchHTTPResponse
        do {
            answer = try await admin.send(method: .GET, path: "/metrics")
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        guard answer.status == 200 else { throw BenchError("GET /metrics answered \(answer.status)") }
        return Self.counter("till_redis_commands_total", in: answer.text)
    }

    /// The sum of every sample of `name` in a Prometheus text exposition.
    static func counter(_ name: String, in exposition: String) -> Double {
        exposition.split(separator: "\n").reduce(0) { sum, line in
            guard line.hasPrefix(name), let next = line.dropFirst(name.count).first, next == " " || next == "{",
                let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { return sum }
            return sum + value
        }
    }

    /// Stops the payments service and the simulator gracefully (SIGTERM), then Redis; the logs
    /// are removed unless `keepLogs`.
    func stop(keepLogs: Bool = false) async {
        for process in [payments, gateway] {
            process.signal(SIGTERM)
            _ = try? await process.waitForExit(timeout: .seconds(15))
            process.signal(SIGKILL)
        }
        await redisStack.stop()
        if keepLogs {
            Report.emit("logs kept in \(logDirectory.path)")
        } else {
            try? FileManager.default.removeItem(at: logDirectory)
        }
    }

    private static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        guard port > 0 else { throw BenchError("could not find a free port") }
        return port
    }

    private static func waitForPort(_ port: Int) async throws {
        for _ in 0..<750 {
            if let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port).get()
            {
                try? await channel.close()
                return
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw BenchError("nothing listens on port \(port) after 15 s")
    }
}
