import Foundation
import Testing

@testable import TillCLI

@Suite("till up plan")
struct TillUpPlanTests {
    static let layout = StackLayout(directory: "/srv/stack/.till")
    static let secrets = StackSecrets(clusterKey: String(repeating: "c", count: 64), webhookSecrets: String(repeating: "w", count: 64))

    static func inputs(
        replicas: ReplicaCounts = ReplicaCounts(),
        redis: StackPlan.RedisPlacement = .privateServer(executable: URL(fileURLWithPath: "/usr/bin/redis-server")),
        gateway: StackPlan.GatewayPlacement = .none
    ) -> StackPlan.Inputs {
        var services: [ServiceKind: URL] = [:]
        for service in ServiceKind.allCases {
            services[service] = URL(fileURLWithPath: "/opt/till/bin/\(service.executableName)")
        }
        return StackPlan.Inputs(
            layout: Self.layout,
            replicas: replicas,
            secrets: Self.secrets,
            redis: redis,
            gateway: gateway,
            services: services,
            logFormat: "text"
        )
    }

    static func plan(_ inputs: StackPlan.Inputs) throws -> StackPlan {
        let count = StackPlan.portsNeeded(for: inputs)
        return try StackPlan.make(inputs, ports: Array(41000..<(41000 + count)))
    }

    @Test func startsRedisFirstAndTheOrchestratorsLast() throws {
        var replicas = ReplicaCounts()
        replicas[.payments] = 2
        replicas[.orchestrator] = 2
        let plan = try Self.plan(Self.inputs(replicas: replicas))
        #expect(
            plan.processes.map(\.name) == [
                "redis", "inventory-1", "payments-1", "payments-2", "shipping-1", "orchestrator-1", "orchestrator-2",
            ]
        )
    }

    @Test func writesEveryVariableOfTheIssueInOrder() throws {
        var replicas = ReplicaCounts()
        replicas[.payments] = 2
        replicas[.orchestrator] = 2
        let plan = try Self.plan(Self.inputs(replicas: replicas))
        #expect(
            plan.environment.entries.map(\.key) == [
                "TILL_REDIS_URL", "TILL_CLUSTER_KEY", "TILL_WEBHOOK_SECRETS", "TILL_INVENTORY_ADDR", "TILL_PAYMENTS_ADDR",
                "TILL_SHIPPING_ADDR", "TILL_ORCHESTRATOR_ADDR", "TILL_PAYMENTS_WEBHOOK", "TILL_GATEWAY_URL", "TILL_LOG_DIR",
            ]
        )
        let env = plan.environment
        let ports = Dictionary(uniqueKeysWithValues: plan.processes.map { ($0.name, $0.ports) })
        func address(_ name: String, _ purpose: String) -> String? {
            ports[name]?.first { $0.purpose == purpose }?.address
        }
        #expect(env["TILL_REDIS_URL"] == "redis://127.0.0.1:\(ports["redis"]?.first?.port ?? -1)/0")
        #expect(env["TILL_CLUSTER_KEY"] == Self.secrets.clusterKey)
        #expect(env["TILL_WEBHOOK_SECRETS"] == Self.secrets.webhookSecrets)
        #expect(env["TILL_INVENTORY_ADDR"] == address("inventory-1", "listen"))
        #expect(env["TILL_PAYMENTS_ADDR"] == [address("payments-1", "listen"), address("payments-2", "listen")].compactMap { $0 }.joined(separator: ","))
        #expect(env["TILL_ORCHESTRATOR_ADDR"]?.split(separator: ",").count == 2)
        #expect(env["TILL_PAYMENTS_WEBHOOK"] == "http://\(address("payments-1", "webhook") ?? "?")/webhooks/gateway")
        #expect(env["TILL_GATEWAY_URL"] == "")
        #expect(env["TILL_LOG_DIR"] == "/srv/stack/.till/logs")
    }

    @Test func givesEveryListenerItsOwnPort() throws {
        var replicas = ReplicaCounts()
        replicas[.payments] = 3
        let inputs = Self.inputs(replicas: replicas, gateway: .simulator(executable: URL(fileURLWithPath: "/opt/till/bin/till-gateway-sim")))
        let plan = try Self.plan(inputs)
        let ports = plan.processes.flatMap(\.ports).map(\.port)
        #expect(ports.count == StackPlan.portsNeeded(for: inputs))
        #expect(Set(ports).count == ports.count)
        #expect(plan.processes.flatMap(\.ports).allSatisfy { $0.host == "127.0.0.1" })
    }

    @Test func refusesTooFewPorts() throws {
        let inputs = Self.inputs()
        #expect(throws: TillError.self) { try StackPlan.make(inputs, ports: [1, 2, 3]) }
    }

    @Test func tellsEachServiceItsListenersAndInstanceAndEveryStackVariable() throws {
        var replicas = ReplicaCounts()
        replicas[.payments] = 2
        let plan = try Self.plan(Self.inputs(replicas: replicas))
        for process in plan.processes where process.role != .redis {
            let env = process.environment
            #expect(env["TILL_INSTANCE"] == process.name)
            #expect(env["TILL_LISTEN"] == process.ports.first { $0.purpose == "listen" }?.address)
            #expect(env["TILL_ADMIN_LISTEN"] == process.ports.first { $0.purpose == "admin" }?.address)
            #expect(env["TILL_LOG_FORMAT"] == "text")
            #expect(process.health == .readyz(host: "127.0.0.1", port: process.ports[1].port))
            #expect(process.logFile.path == "/srv/stack/.till/logs/\(process.name).log")
            for entry in plan.environment.entries where !entry.value.isEmpty {
                #expect(env[entry.key] == entry.value, "\(process.name) lacks \(entry.key)")
            }
            // No gateway: the variable is left out, not set empty.
            #expect(env["TILL_GATEWAY_URL"] == nil)
            if case .service(.payments) = process.role {
                #expect(env["TILL_WEBHOOK_LISTEN"] == process.ports.first { $0.purpose == "webhook" }?.address)
            } else {
                #expect(env["TILL_WEBHOOK_LISTEN"] == nil)
            }
        }
    }

    @Test func splitsTheCoresAmongTheProcessesUnlessTheUserChose() throws {
        var inputs = Self.inputs(gateway: .simulator(executable: URL(fileURLWithPath: "/opt/till/bin/till-gateway-sim")))
        inputs.cores = 2
        #expect(try Self.plan(inputs).processes.filter { $0.role != .redis }.allSatisfy { $0.environment["TILL_EVENT_LOOPS"] == "1" })
        inputs.cores = 16  // four services and the simulator
        #expect(try Self.plan(inputs).processes.first { $0.name == "payments-1" }?.environment["TILL_EVENT_LOOPS"] == "3")
        inputs.eventLoops = 8
        #expect(try Self.plan(inputs).processes.first { $0.name == "payments-1" }?.environment["TILL_EVENT_LOOPS"] == "8")
    }

    @Test func runsTheRedisServerWithAppendOnlyEverysecAndNoEviction() throws {
        let plan = try Self.plan(Self.inputs())
        let redis = try #require(plan.processes.first)
        let port = try #require(redis.ports.first?.port)
        #expect(redis.role == .redis)
        #expect(redis.executable.path == "/usr/bin/redis-server")
        #expect(
            redis.arguments == [
                "--port", "\(port)", "--bind", "127.0.0.1", "--dir", "/srv/stack/.till/redis", "--appendonly", "yes",
                "--appendfsync", "everysec", "--aof-use-rdb-preamble", "yes", "--auto-aof-rewrite-percentage", "200",
                "--auto-aof-rewrite-min-size", "256mb", "--maxmemory-policy", "noeviction", "--save", "", "--daemonize", "no",
            ]
        )
        #expect(redis.health == .redisPing(host: "127.0.0.1", port: port))
    }

    @Test func usesAGivenRedisWithoutStartingOne() throws {
        let url = "redis://:pw@10.0.0.5:6380/2"
        let plan = try Self.plan(Self.inputs(redis: .external(url: url)))
        #expect(!plan.processes.contains { $0.role == .redis })
        #expect(plan.environment["TILL_REDIS_URL"] == url)
        #expect(plan.processes.allSatisfy { $0.environment["TILL_REDIS_URL"] == url })
    }

    @Test func startsTheGatewaySimulatorPointedAtTheFirstPaymentsWebhook() throws {
        let inputs = Self.inputs(gateway: .simulator(executable: URL(fileURLWithPath: "/opt/till/bin/till-gateway-sim")))
        let plan = try Self.plan(inputs)
        let gateway = try #require(plan.processes.first { $0.role == .gatewaySimulator })
        #expect(plan.processes.map(\.name).prefix(2) == ["redis", "gateway-sim"])
        let listen = try #require(gateway.ports.first { $0.purpose == "gateway" })
        #expect(gateway.environment["TILL_GATEWAY_LISTEN"] == listen.address)
        #expect(gateway.environment["TILL_GATEWAY_WEBHOOK_URL"] == plan.environment["TILL_PAYMENTS_WEBHOOK"])
        #expect(gateway.environment["TILL_WEBHOOK_SECRETS"] == Self.secrets.webhookSecrets)
        #expect(plan.environment["TILL_GATEWAY_URL"] == "http://\(listen.address)")
        let payments = try #require(plan.processes.first { $0.name == "payments-1" })
        #expect(payments.environment["TILL_GATEWAY_URL"] == "http://\(listen.address)")
    }

    @Test func passesAGivenGatewayURLThrough() throws {
        let plan = try Self.plan(Self.inputs(gateway: .external(url: "https://gateway.example")))
        #expect(!plan.processes.contains { $0.role == .gatewaySimulator })
        #expect(plan.environment["TILL_GATEWAY_URL"] == "https://gateway.example")
    }

    @Test func groupsTheStartIntoRedisGatewayAndServicePhases() throws {
        let inputs = Self.inputs(gateway: .simulator(executable: URL(fileURLWithPath: "/opt/till/bin/till-gateway-sim")))
        let phases = StackLauncher.phases(of: try Self.plan(inputs))
        #expect(phases.map { $0.map(\.name) } == [["redis"], ["gateway-sim"], ["inventory-1", "payments-1", "shipping-1", "orchestrator-1"]])
    }
}
