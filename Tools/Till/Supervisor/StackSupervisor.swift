import Foundation
import ServiceLifecycle
import TillProcess

/// `till up`'s long-running part: starts the stack, publishes its files, and — in the
/// foreground — watches it until a signal, then stops every process in reverse start order.
///
/// A start attempt whose process lost a port to another program is retried with fresh ports
/// (up to ``maximumAttempts``); any other failure stops what was started and reports one line per
/// failing process.
struct StackSupervisor: Service {
    /// What the supervisor runs.
    struct Settings: Sendable {
        /// The stack to plan (ports are chosen per attempt).
        var inputs: StackPlan.Inputs
        /// How long each start phase may take to become ready.
        var readinessTimeout: Duration
        /// Time between SIGTERM and SIGKILL when stopping.
        var gracePeriod: Duration
        /// Return once ready instead of watching.
        var detach: Bool
        /// The environment the processes inherit.
        var environment: [String: String]
        /// The Redis URL without credentials.
        var redisDisplay: String
        /// Ping every service over the wire protocol once ready (off only for stand-in programs).
        var checksWire = true
    }

    /// Start attempts when ports are taken under our feet.
    static let maximumAttempts = 3

    let settings: Settings
    let console: Console
    var checkoutRate: any CheckoutRateSource = UnknownCheckoutRate()
    var probe = ReadinessProbe()
    var ports: any PortSource = PortAllocator()

    private var layout: StackLayout { self.settings.inputs.layout }
    private var stopper: ProcessStopper { ProcessStopper(grace: self.settings.gracePeriod) }

    func run() async throws {
        let began = ContinuousClock.now
        let stack = RunningStack(
            layout: self.layout,
            record: StackRecord(
                phase: .starting,
                startedAt: Date(),
                supervisor: .init(process: .current, detached: self.settings.detach),
                redis: self.settings.redisDisplay,
                redisIsPrivate: { if case .privateServer = self.settings.inputs.redis { true } else { false } }(),
                processes: []
            )
        )
        do {
            try await cancelWhenGracefulShutdown {
                let plan = try await self.launch(into: stack)
                // stack.env first: whoever sees `ready` in stack.json finds the variables there.
                try plan.environment.write(to: self.layout.environmentFile)
                try stack.markReady()
                if self.settings.checksWire {
                    try await self.afterReady(stack: ReadyStack(plan: plan, children: stack.children, layout: self.layout))
                }
                let elapsed = ContinuousClock.now - began
                for line in ReadySummary.lines(plan: plan, layout: self.layout, elapsed: elapsed, detached: self.settings.detach) {
                    self.console.line(line)
                }
                guard !self.settings.detach else { return }
                try await self.supervise(stack, readySince: ContinuousClock.now)
            }
        } catch {
            let interrupted = Task.isShuttingDownGracefully || error is CancellationError
            await self.stop(stack, announce: interrupted)
            self.layout.removeStackFiles()
            guard interrupted else { throw error }
        }
    }

    /// Plans and starts the stack, retrying with fresh ports after a port conflict.
    private func launch(into stack: RunningStack) async throws -> StackPlan {
        let launcher = StackLauncher(
            probe: self.probe,
            readinessTimeout: self.settings.readinessTimeout,
            ports: self.ports,
            environment: self.settings.environment
        )
        var attempt = 1
        while true {
            let ports: [Int]
            do {
                ports = try await self.ports.allocate(StackPlan.portsNeeded(for: self.settings.inputs))
            } catch {
                throw TillError(error)
            }
            let plan = try StackPlan.make(self.settings.inputs, ports: ports)
            do {
                try await launcher.launch(plan, into: stack)
                return plan
            } catch let failure as LaunchFailure {
                await stack.stopAll(with: self.stopper)
                guard failure.isPortConflict, attempt < Self.maximumAttempts else { throw failure.error }
                for report in failure.reports {
                    if case .portTaken = report.problem {
                        self.console.error("till up: \(LaunchFailure.lines(for: report, readinessTimeout: self.settings.readinessTimeout)[0])")
                    }
                }
                attempt += 1
                self.console.error("till up: retrying with fresh ports (attempt \(attempt) of \(Self.maximumAttempts))")
            }
        }
    }

    /// Shows the status line and reports processes that exit, until cancelled.
    private func supervise(_ stack: RunningStack, readySince: ContinuousClock.Instant) async throws {
        let pacing = StatusPacing(isTerminal: self.console.isTerminal)
        var exited: Set<String> = []
        var tick = 0
        while true {
            let children = stack.children
            for child in children where !exited.contains(child.name) {
                let status = child.status
                guard status != .running else { continue }
                exited.insert(child.name)
                self.reportUnexpectedExit(of: child, status: status)
            }
            guard exited.count < children.count else {
                throw TillError(.notReady, "every process of the stack has exited")
            }
            if pacing.shows(tick: tick) {
                let line = StatusLine(
                    up: children.count - exited.count,
                    total: children.count,
                    uptime: ContinuousClock.now - readySince,
                    checkoutsPerSecond: await self.checkoutRate.checkoutsPerSecond()
                )
                self.console.status(line.rendered)
            }
            tick += 1
            try await Task.sleep(for: .seconds(1))
        }
    }

    private func reportUnexpectedExit(of child: ChildProcess, status: ChildProcess.Status) {
        let tail = LogTail.lines(of: child.plan.logFile, count: LaunchFailure.logTailLines)
        let logNote = tail.isEmpty ? " (its log is empty)" : "; last lines of \(child.plan.logFile.path):"
        self.console.error("till: \(child.name) \(status) unexpectedly\(logNote)")
        for line in tail {
            self.console.error("    \(line)")
        }
    }

    /// Stops every started process, last started first.
    private func stop(_ stack: RunningStack, announce: Bool) async {
        let count = stack.children.count
        guard count > 0 else { return }
        if announce {
            self.console.line("till: stopping \(count) processes")
        }
        let grace = StatusLine.formatUptime(self.settings.gracePeriod)
        await stack.stopAll(with: self.stopper) { child, outcome in
            switch outcome {
            case .killed: self.console.error("till: \(child.name) killed: still running \(grace) after SIGTERM")
            case .stuck: self.console.error("till: \(child.name) (pid \(child.identity.pid)) survived SIGKILL")
            case .stopped, .notRunning: break
            }
        }
        if announce {
            self.console.line("till: stack stopped")
        }
    }
}
