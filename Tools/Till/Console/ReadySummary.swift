import Foundation

/// What `till up` prints once the stack is ready: each process with its addresses, and where
/// the variables are. No secrets: those stay in `stack.env`.
enum ReadySummary {
    static func lines(plan: StackPlan, layout: StackLayout, elapsed: Duration, detached: Bool) -> [String] {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let tenths = Int((seconds * 10).rounded())
        var lines = ["till: stack ready in \(tenths / 10).\(tenths % 10)s, \(plan.processes.count) processes"]
        let width = plan.processes.map(\.name.count).max() ?? 0
        for process in plan.processes {
            let padding = String(repeating: " ", count: width - process.name.count)
            let ports = process.ports.map { "\($0.purpose) \($0.address)" }.joined(separator: ", ")
            lines.append("  \(process.name)\(padding)  \(ports)")
        }
        if let redis = plan.environment["TILL_REDIS_URL"], !plan.processes.contains(where: { $0.role == .redis }) {
            lines.append("  redis (external) \(RedisEndpoint.parse(redis)?.displayURL ?? "given by TILL_REDIS_URL")")
        }
        if plan.environment["TILL_GATEWAY_URL"]?.isEmpty ?? true {
            lines.append("  no payment gateway: till-gateway-sim is not built and TILL_GATEWAY_URL is not set")
        }
        let env = layout.environmentFile.path
        lines.append("till: addresses and secrets in \(env) (load them with: set -a; . \(env); set +a)")
        lines.append("till: logs in \(layout.logsDirectory.path)")
        lines.append(
            detached
                ? "till: running in the background; stop it with: till down --dir \(layout.root.path)"
                : "till: Ctrl-C stops the stack"
        )
        return lines
    }
}
