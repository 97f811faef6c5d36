import Foundation

/// Builds a ``StackPlan``: hands out the ports, then derives every process's environment from
/// the addresses.
struct StackPlanBuilder {
    /// The ports of one service replica.
    private struct Replica {
        var service: ServiceKind
        var name: String
        var listen: Int
        var admin: Int
        /// Only payments replicas receive webhooks.
        var webhook: Int?
    }

    private let inputs: StackPlan.Inputs
    private let ports: [Int]
    private var nextPort = 0

    /// A builder handing out `ports` in order (the caller checked there are enough).
    init(inputs: StackPlan.Inputs, ports: [Int]) {
        self.inputs = inputs
        self.ports = ports
    }

    mutating func build() -> StackPlan {
        let host = StackPlan.host
        let redisPort: Int? = if case .privateServer = self.inputs.redis { self.takePort() } else { nil }
        // The simulator serves /healthz, /readyz and /metrics on its API port: no admin port.
        let gatewayPort: Int? = if case .simulator = self.inputs.gateway { self.takePort() } else { nil }
        var replicas: [Replica] = []
        for service in ServiceKind.allCases {
            for number in 1...self.inputs.replicas[service] {
                replicas.append(
                    Replica(
                        service: service,
                        name: service.replicaName(number),
                        listen: self.takePort(),
                        admin: self.takePort(),
                        webhook: service == .payments ? self.takePort() : nil
                    )
                )
            }
        }

        let redisURL: String =
            switch self.inputs.redis {
            case .privateServer: "redis://\(host):\(redisPort ?? 0)/0"
            case .external(let url): url
            }
        let gatewayURL: String =
            switch self.inputs.gateway {
            case .simulator: "http://\(host):\(gatewayPort ?? 0)"
            case .external(let url): url
            case .none: ""
            }
        let firstWebhook = replicas.first { $0.webhook != nil }?.webhook
        let webhookURL = firstWebhook.map { "http://\(host):\($0)\(StackPlan.webhookPath)" } ?? ""

        var entries: [StackEnvFile.Entry] = [
            .init("TILL_REDIS_URL", redisURL),
            .init("TILL_CLUSTER_KEY", self.inputs.secrets.clusterKey),
            .init("TILL_WEBHOOK_SECRETS", self.inputs.secrets.webhookSecrets),
        ]
        for service in ServiceKind.allCases {
            let addresses = replicas.filter { $0.service == service }.map { "\(host):\($0.listen)" }
            entries.append(.init(service.addressVariable, addresses.joined(separator: ",")))
        }
        entries += [
            .init("TILL_PAYMENTS_WEBHOOK", webhookURL),
            .init("TILL_GATEWAY_URL", gatewayURL),
            .init("TILL_LOG_DIR", self.inputs.layout.logsDirectory.path),
        ]
        let environment = StackEnvFile(entries: entries)

        // Every process gets every variable (each reads what it needs); an empty one (no gateway)
        // is left out rather than set empty.
        var shared: [String: String] = [
            "TILL_LOG_FORMAT": self.inputs.logFormat,
            "TILL_EVENT_LOOPS": "\(self.inputs.eventLoopsPerProcess)",
        ]
        for entry in entries where !entry.value.isEmpty {
            shared[entry.key] = entry.value
        }

        var processes: [PlannedProcess] = []
        if case .privateServer(let executable) = self.inputs.redis, let redisPort {
            processes.append(
                PlannedProcess(
                    name: "redis",
                    role: .redis,
                    executable: executable,
                    arguments: RedisServerArguments.make(port: redisPort, directory: self.inputs.layout.redisDirectory.path),
                    environment: [:],
                    ports: [.init(purpose: "redis", host: host, port: redisPort)],
                    health: .redisPing(host: host, port: redisPort),
                    logFile: self.inputs.layout.logFile(for: "redis")
                )
            )
        }
        if case .simulator(let executable) = self.inputs.gateway, let gatewayPort {
            let name = "gateway-sim"
            var environment = shared
            environment["TILL_GATEWAY_LISTEN"] = "\(host):\(gatewayPort)"
            environment["TILL_INSTANCE"] = name
            environment["TILL_GATEWAY_WEBHOOK_URL"] = webhookURL
            processes.append(
                PlannedProcess(
                    name: name,
                    role: .gatewaySimulator,
                    executable: executable,
                    arguments: [],
                    environment: environment,
                    ports: [
                        .init(purpose: "gateway", host: host, port: gatewayPort)
                    ],
                    health: .httpAnswers(host: host, port: gatewayPort),
                    logFile: self.inputs.layout.logFile(for: name)
                )
            )
        }
        for replica in replicas {
            guard let executable = self.inputs.services[replica.service] else { continue }
            var environment = shared
            environment["TILL_LISTEN"] = "\(host):\(replica.listen)"
            environment["TILL_ADMIN_LISTEN"] = "\(host):\(replica.admin)"
            environment["TILL_INSTANCE"] = replica.name
            var ports: [PlannedProcess.Port] = [
                .init(purpose: "listen", host: host, port: replica.listen),
                .init(purpose: "admin", host: host, port: replica.admin),
            ]
            if let webhook = replica.webhook {
                environment["TILL_WEBHOOK_LISTEN"] = "\(host):\(webhook)"
                ports.append(.init(purpose: "webhook", host: host, port: webhook))
            }
            processes.append(
                PlannedProcess(
                    name: replica.name,
                    role: .service(replica.service),
                    executable: executable,
                    arguments: [],
                    environment: environment,
                    ports: ports,
                    health: .readyz(host: host, port: replica.admin),
                    logFile: self.inputs.layout.logFile(for: replica.name)
                )
            )
        }
        return StackPlan(processes: processes, environment: environment)
    }

    private mutating func takePort() -> Int {
        defer { self.nextPort += 1 }
        return self.ports[self.nextPort]
    }
}
