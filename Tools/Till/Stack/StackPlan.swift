import Foundation

/// Every process of a stack with its command line, environment and ports, and the variables
/// written to `stack.env` — worked out before anything starts, so it can be checked in tests.
struct StackPlan: Sendable, Hashable {
    /// Where the stack's Redis comes from.
    enum RedisPlacement: Sendable, Hashable {
        /// `till up` starts `redis-server` (this executable) under the stack directory.
        case privateServer(executable: URL)
        /// `TILL_REDIS_URL` names a server that is already running.
        case external(url: String)
    }

    /// Where the payment gateway comes from.
    enum GatewayPlacement: Sendable, Hashable {
        /// `till up` starts `till-gateway-sim` (this executable).
        case simulator(executable: URL)
        /// `TILL_GATEWAY_URL` names a gateway that is already running.
        case external(url: String)
        /// Neither: payments runs without a gateway URL.
        case none
    }

    /// What the plan is made from.
    struct Inputs: Sendable, Hashable {
        var layout: StackLayout
        var replicas: ReplicaCounts
        var secrets: StackSecrets
        var redis: RedisPlacement
        var gateway: GatewayPlacement
        /// Each service's executable.
        var services: [ServiceKind: URL]
        /// `TILL_LOG_FORMAT` for every process.
        var logFormat: String
        /// `TILL_EVENT_LOOPS` as the user gave it; `nil` shares ``cores`` among the processes.
        var eventLoops: Int? = nil
        /// The machine's cores, which every process of the stack shares.
        var cores: Int = ProcessInfo.processInfo.activeProcessorCount

        /// Event loops per Swift process: the user's choice, else the cores split evenly among
        /// the simulator and every replica (at least one each). NIO's default of one loop per core
        /// in each of six processes on two cores cost a fifth of the CPU in thread wake-ups.
        var eventLoopsPerProcess: Int {
            if let eventLoops { return eventLoops }
            var processes = ServiceKind.allCases.reduce(0) { $0 + replicas[$1] }
            if case .simulator = gateway { processes += 1 }
            return max(1, cores / max(1, processes))
        }
    }

    /// Every listener binds here: the stack is for this machine only.
    static let host = "127.0.0.1"
    /// The path payments serves gateway webhooks on (API.md, "Webhooks").
    static let webhookPath = "/webhooks/gateway"

    /// The processes in start order (Redis first, the orchestrators last); stopped in reverse.
    let processes: [PlannedProcess]
    /// The variables of `stack.env`, in the order written.
    let environment: StackEnvFile

    /// How many ports ``make(_:ports:)`` needs.
    static func portsNeeded(for inputs: Inputs) -> Int {
        var count = ServiceKind.allCases.reduce(0) { $0 + inputs.replicas[$1] * 2 }
        count += inputs.replicas[.payments]  // each payments replica's webhook listener
        if case .privateServer = inputs.redis { count += 1 }
        if case .simulator = inputs.gateway { count += 1 }  // its API port, which also serves /healthz, /readyz, /metrics
        return count
    }

    /// The plan for `inputs`, listeners on `ports` (distinct free ports, ``portsNeeded(for:)`` of
    /// them).
    static func make(_ inputs: Inputs, ports: [Int]) throws(TillError) -> StackPlan {
        guard ports.count >= Self.portsNeeded(for: inputs) else {
            throw TillError(.launch, "internal: \(ports.count) ports for a plan needing \(Self.portsNeeded(for: inputs))")
        }
        if let missing = ServiceKind.allCases.first(where: { inputs.services[$0] == nil }) {
            throw TillError(.executableMissing, "\(missing.executableName) not found")
        }
        var builder = StackPlanBuilder(inputs: inputs, ports: ports)
        return builder.build()
    }
}
