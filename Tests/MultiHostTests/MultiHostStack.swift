import Foundation
import TillProcess
import TillTestSupport

/// The whole Till stack spread over a ``NamespaceNetwork``: Redis, inventory, payments with the
/// gateway simulator beside it, shipping and the orchestrator each on its own "host", and a TCP
/// relay on the hub that every cross-host hop goes through (see `till-test-worker relay`), so a
/// delay can be switched on for all of them at once.
final class MultiHostStack: Sendable {
    static let nodes = ["redis", "inventory", "payments", "shipping", "orchestrator", "client"]
    static let clusterKey = ServiceProcess.testClusterKey
    /// Each service's own port on its host, and the port its relay route listens on at the hub.
    static let ports: [String: (own: Int, relayed: Int)] = [
        "redis": (6379, 16379), "inventory": (7001, 17001), "payments": (7002, 17002),
        "shipping": (7003, 17003), "orchestrator": (7004, 17004),
    ]
    static let adminPort = 9100
    static let gatewayPort = 7200
    static let webhookPort = 7180

    let network: NamespaceNetwork
    let delayFile: String
    let logDirectory: URL
    private let processes: [String: SpawnedProcess]

    private init(network: NamespaceNetwork, delayFile: String, logDirectory: URL, processes: [String: SpawnedProcess]) {
        self.network = network
        self.delayFile = delayFile
        self.logDirectory = logDirectory
        self.processes = processes
    }

    /// The hub address and relay port clients use to reach `node`'s service.
    func relayed(_ node: String) -> String {
        "\(NamespaceNetwork.hubAddress):\(Self.ports[node]?.relayed ?? 0)"
    }

    var gatewayURL: String { "http://\(network.address("payments")):\(Self.gatewayPort)" }

    /// Starts every process and waits until each answers; on failure kills what it started.
    static func start(on network: NamespaceNetwork, relayDelayMilliseconds: Int) async throws -> MultiHostStack {
        let logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("\(network.prefix)-logs")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        let delayFile = logDirectory.appendingPathComponent("delay-on").path
        var processes: [String: SpawnedProcess] = [:]
        let launcher = Launcher(network: network, logDirectory: logDirectory)
        do {
            let routes = ports.keys.sorted().map { node in
                "\(NamespaceNetwork.hubAddress):\(ports[node]!.relayed)=\(network.address(node)):\(ports[node]!.own)"
            }
            processes["relay"] = try launcher.spawn(
                "relay", in: network.hub, product: "till-test-worker",
                arguments: ["relay", "--routes", routes.joined(separator: ","), "--delay-ms", String(relayDelayMilliseconds), "--delay-file", delayFile]
            )
            try await launcher.waitForLog("relay", containing: "relay ready", process: processes["relay"])

            processes["redis"] = try launcher.spawn(
                "redis", in: network.namespace("redis"), system: "redis-server",
                arguments: ["--port", "6379", "--bind", network.address("redis"), "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", logDirectory.path]
            )
            try await launcher.waitForRedis(network)

            let redisURL = "redis://\(NamespaceNetwork.hubAddress):\(ports["redis"]!.relayed)/0"
            func service(_ node: String, _ extra: [String: String] = [:]) -> [String: String] {
                var environment = [
                    "TILL_REDIS_URL": redisURL,
                    "TILL_LISTEN": "\(network.address(node)):\(ports[node]!.own)",
                    "TILL_ADMIN_LISTEN": "\(network.address(node)):\(adminPort)",
                    "TILL_CLUSTER_KEY": clusterKey,
                    "TILL_LOG_LEVEL": "warning",
                ]
                environment.merge(extra) { _, given in given }
                return environment
            }
            let payments = network.address("payments")
            processes["gateway"] = try launcher.spawn(
                "gateway", in: network.namespace("payments"), product: "till-gateway-sim", environment: [
                    "TILL_GATEWAY_LISTEN": "\(payments):\(gatewayPort)",
                    "TILL_WEBHOOK_SECRETS": "whsec_multihost_0123456789",
                    "TILL_GATEWAY_WEBHOOK_URL": "http://\(payments):\(webhookPort)/webhooks/gateway",
                ]
            )
            processes["inventory"] = try launcher.spawn("inventory", in: network.namespace("inventory"), product: "till-inventory", environment: service("inventory"))
            processes["shipping"] = try launcher.spawn(
                "shipping", in: network.namespace("shipping"), product: "till-shipping",
                environment: service("shipping", ["TILL_CARRIER_LATENCY_MS": "1"])
            )
            processes["payments"] = try launcher.spawn(
                "payments", in: network.namespace("payments"), product: "till-payments", environment: service("payments", [
                    "TILL_GATEWAY_URL": "http://\(payments):\(gatewayPort)",
                    "TILL_WEBHOOK_LISTEN": "\(payments):\(webhookPort)",
                    "TILL_WEBHOOK_SECRETS": "whsec_multihost_0123456789",
                    "TILL_FRAUD_VELOCITY": "100000/3600",
                    "TILL_RATE_LIMIT": "100000/60",
                ])
            )
            let hub = NamespaceNetwork.hubAddress
            processes["orchestrator"] = try launcher.spawn(
                "orchestrator", in: network.namespace("orchestrator"), product: "till-orchestrator", environment: service("orchestrator", [
                    "TILL_INVENTORY_ADDR": "\(hub):\(ports["inventory"]!.relayed)",
                    "TILL_PAYMENTS_ADDR": "\(hub):\(ports["payments"]!.relayed)",
                    "TILL_SHIPPING_ADDR": "\(hub):\(ports["shipping"]!.relayed)",
                ])
            )
            try await launcher.waitForHTTP(network, host: payments, port: gatewayPort, name: "gateway", process: processes["gateway"])
            for node in ["inventory", "shipping", "payments", "orchestrator"] {
                try await launcher.waitForHTTP(network, host: network.address(node), port: adminPort, name: node, process: processes[node])
            }
        } catch {
            for process in processes.values { process.signal(SIGKILL) }
            throw error
        }
        return MultiHostStack(network: network, delayFile: delayFile, logDirectory: logDirectory, processes: processes)
    }

    /// Switches the relay's delay on or off (it polls the file every 50 ms).
    func setDelay(_ on: Bool) async throws {
        if on {
            guard FileManager.default.createFile(atPath: delayFile, contents: Data()) else {
                throw TestSupportError("cannot create \(delayFile)")
            }
        } else {
            try? FileManager.default.removeItem(atPath: delayFile)
        }
        try await Task.sleep(for: .milliseconds(200))
    }

    /// Whether every process still runs (none crashed under load).
    var deadProcesses: [String] {
        processes.filter { !$0.value.isRunning }.map(\.key).sorted()
    }

    /// The last lines of `name`'s log, for failure messages.
    func log(_ name: String) -> String {
        let text = (try? String(contentsOf: logDirectory.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
        return String(text.suffix(2_000))
    }

    /// Kills every process and waits for them, then removes the logs.
    func stop() async {
        for process in processes.values { process.signal(SIGKILL) }
        for process in processes.values { _ = try? await process.waitForExit(timeout: .seconds(5)) }
        try? FileManager.default.removeItem(at: logDirectory)
    }
}

/// Starts processes inside namespaces with `ip netns exec`, which execs the program itself (the
/// pid is the program's, so signals reach it).
private struct Launcher {
    let network: NamespaceNetwork
    let logDirectory: URL

    func spawn(_ name: String, in namespace: String, product: String, arguments: [String] = [], environment: [String: String] = [:]) throws -> SpawnedProcess {
        try spawn(name, in: namespace, executable: try Executables.locateProduct(product).path, arguments: arguments, environment: environment)
    }

    func spawn(_ name: String, in namespace: String, system: String, arguments: [String]) throws -> SpawnedProcess {
        try spawn(name, in: namespace, executable: try Executables.locateSystem(system).path, arguments: arguments, environment: [:])
    }

    private func spawn(_ name: String, in namespace: String, executable: String, arguments: [String], environment: [String: String]) throws -> SpawnedProcess {
        var variables = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin", "TILL_LOG_FORMAT": "json"]
        variables.merge(environment) { _, given in given }
        return try SpawnedProcess(
            executable: try Executables.locateSystem("ip").path,
            arguments: ["netns", "exec", namespace, executable] + arguments,
            environment: variables,
            output: logDirectory.appendingPathComponent("\(name).log").path
        )
    }

    func waitForLog(_ name: String, containing text: String, process: SpawnedProcess?) async throws {
        let path = logDirectory.appendingPathComponent("\(name).log")
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let log = try? String(contentsOf: path, encoding: .utf8), log.contains(text) { return }
            guard process?.isRunning == true else { throw TestSupportError("\(name) exited: \((try? String(contentsOf: path, encoding: .utf8)) ?? "")") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("\(name) did not log \(text.debugDescription) within 20 s")
    }

    /// `PING` from the client's host through the relay, so the whole path is checked.
    func waitForRedis(_ network: NamespaceNetwork) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let reply = try? await Command.run("ip", [
                "netns", "exec", network.namespace("client"), try Executables.locateSystem("redis-cli").path,
                "-h", NamespaceNetwork.hubAddress, "-p", String(MultiHostStack.ports["redis"]!.relayed), "ping",
            ])
            if reply?.output.contains("PONG") == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("redis-server did not answer through the relay within 20 s")
    }

    /// `GET /readyz` from the client's host with bash's /dev/tcp (no HTTP client needed).
    func waitForHTTP(_ network: NamespaceNetwork, host: String, port: Int, name: String, process: SpawnedProcess?) async throws {
        let script = "exec 3<>/dev/tcp/\(host)/\(port) && printf 'GET /readyz HTTP/1.0\\r\\nHost: x\\r\\n\\r\\n' >&3 && head -1 <&3"
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard process?.isRunning == true else {
                let log = (try? String(contentsOf: logDirectory.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
                throw TestSupportError("\(name) exited during start-up: \(log.suffix(2_000))")
            }
            let reply = try? await Command.run("ip", ["netns", "exec", network.namespace("client"), try Executables.locateSystem("bash").path, "-c", script])
            if reply?.output.contains(" 200") == true { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSupportError("\(name) was not ready within 30 s")
    }
}
