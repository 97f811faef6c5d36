/// Starts the processes of a plan and waits until they are ready, in phases: Redis, then the
/// gateway simulator, then every service replica together (they depend on Redis, not on each
/// other, to become ready).
struct StackLauncher: Sendable {
    /// Checks readiness.
    var probe: ReadinessProbe
    /// How long each phase may take to become ready.
    var readinessTimeout: Duration
    /// Tells a port conflict from other reasons a process exited.
    var ports: any PortSource
    /// The environment every process inherits (the plan adds its variables on top).
    var environment: [String: String]

    /// Starts `plan` into `stack`.
    ///
    /// - Throws: ``LaunchFailure`` naming each process that did not get ready; `TillError` when a
    ///   process cannot be started at all or `stack.json` cannot be written; `CancellationError`.
    ///   Processes already started stay in `stack` for the caller to stop.
    func launch(_ plan: StackPlan, into stack: RunningStack) async throws {
        for phase in Self.phases(of: plan) {
            var started: [ChildProcess] = []
            for process in phase {
                let child = try ChildProcess.launch(process, inheriting: self.environment)
                try stack.add(child)
                started.append(child)
            }
            let outcomes = try await self.waitUntilReady(started)
            var reports: [LaunchFailure.Report] = []
            for (child, outcome) in zip(started, outcomes) {
                if let problem = await self.problem(of: child, outcome: outcome) {
                    reports.append(LaunchFailure.Report(process: child.plan, problem: problem))
                }
            }
            guard reports.isEmpty else {
                throw LaunchFailure(reports: reports, readinessTimeout: self.readinessTimeout)
            }
        }
    }

    /// The plan's processes grouped into phases, in start order.
    static func phases(of plan: StackPlan) -> [[PlannedProcess]] {
        let redis = plan.processes.filter { $0.role == .redis }
        let gateway = plan.processes.filter { $0.role == .gatewaySimulator }
        let services = plan.processes.filter { if case .service = $0.role { true } else { false } }
        return [redis, gateway, services].filter { !$0.isEmpty }
    }

    private func waitUntilReady(_ children: [ChildProcess]) async throws -> [ReadinessProbe.Outcome] {
        let deadline = ContinuousClock.now + self.readinessTimeout
        return try await withThrowingTaskGroup(of: (Int, ReadinessProbe.Outcome).self) { group in
            for (index, child) in children.enumerated() {
                group.addTask { (index, try await self.probe.waitUntilReady(child, deadline: deadline)) }
            }
            var outcomes = [ReadinessProbe.Outcome](repeating: .ready, count: children.count)
            for try await (index, outcome) in group {
                outcomes[index] = outcome
            }
            return outcomes
        }
    }

    private func problem(of child: ChildProcess, outcome: ReadinessProbe.Outcome) async -> LaunchFailure.Problem? {
        switch outcome {
        case .ready:
            return nil
        case .timedOut(let reason):
            return .notReady(reason)
        case .exited(let status):
            // It is gone, so a port it was given that still cannot be bound belongs to someone else.
            for port in child.plan.ports where await !self.ports.isFree(port.port) {
                return .portTaken(port)
            }
            let tail = LogTail.lines(of: child.plan.logFile, count: LaunchFailure.logTailLines)
            // The port may have been held only briefly (another program's probe) and be free again.
            if tail.contains(where: { $0.contains("Address already in use") }) {
                return .bindFailed(logTail: tail)
            }
            return .exited(status, logTail: tail)
        }
    }
}
