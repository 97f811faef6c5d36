#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import TillProcess
import Synchronization

/// One process of the stack started by this `till` (see ``ProcessSpawner`` for the state it
/// starts in), safe to ask from any task how it is doing.
///
/// Its exit is collected (`waitpid`) when its ``status`` is read, which the supervisor does every
/// second, so it never lingers as a zombie for long.
final class ChildProcess: Sendable {
    /// How the process is doing.
    enum Status: Sendable, Hashable, CustomStringConvertible {
        /// Still running.
        case running
        /// Exited with this status.
        case exited(Int32)
        /// Killed by this signal.
        case signalled(Int32)
        /// Gone, collected by someone else, so its status is unknown.
        case vanished

        var description: String {
            switch self {
            case .running: "running"
            case .exited(let status): "exited with status \(status)"
            case .signalled(let signal): "killed by signal \(signal)\(Self.signalName(signal).map { " (\($0))" } ?? "")"
            case .vanished: "exited"
            }
        }

        /// The status `waitpid` reported.
        init(waitStatus: Int32) {
            let signal = waitStatus & 0x7f
            self = signal == 0 ? .exited((waitStatus >> 8) & 0xff) : .signalled(signal)
        }

        private static func signalName(_ signal: Int32) -> String? {
            switch signal {
            case SIGKILL: "SIGKILL"
            case SIGTERM: "SIGTERM"
            case SIGINT: "SIGINT"
            case SIGHUP: "SIGHUP"
            case SIGSEGV: "SIGSEGV"
            case SIGABRT: "SIGABRT"
            case SIGILL: "SIGILL"
            case SIGTRAP: "SIGTRAP"
            case SIGBUS: "SIGBUS"
            default: nil
            }
        }
    }

    /// What was started.
    let plan: PlannedProcess
    /// The process, for `stack.json` and signals.
    let identity: ProcessIdentity
    /// Whether it leads its own process group (always, unless the platform refused).
    let leadsProcessGroup: Bool
    /// The exit status once collected.
    private let exit = Mutex<Status?>(nil)

    private init(plan: PlannedProcess, identity: ProcessIdentity, leadsProcessGroup: Bool) {
        self.plan = plan
        self.identity = identity
        self.leadsProcessGroup = leadsProcessGroup
    }

    /// Starts `plan`'s program with `inherited` (the caller's environment) plus the plan's variables.
    static func launch(_ plan: PlannedProcess, inheriting inherited: [String: String]) throws(TillError) -> ChildProcess {
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(
                executable: plan.executable.path,
                arguments: plan.arguments,
                environment: inherited.merging(plan.environment) { _, planned in planned },
                output: plan.logFile.path
            )
        } catch {
            throw TillError(.launch, "\(plan.name): cannot start \(plan.executable.path): \(error)")
        }
        return ChildProcess(plan: plan, identity: .of(pid: pid), leadsProcessGroup: getpgid(pid) == pid)
    }

    /// The process's name in the stack.
    var name: String { self.plan.name }

    /// How the process is doing now (collecting its exit status if it has exited).
    var status: Status {
        self.exit.withLock { collected in
            if let collected { return collected }
            var waitStatus: Int32 = 0
            let result = waitpid(self.identity.pid, &waitStatus, WNOHANG)
            if result == self.identity.pid {
                collected = Status(waitStatus: waitStatus)
            } else if result == -1, errno == ECHILD {
                collected = .vanished
            }
            return collected ?? .running
        }
    }

    /// Whether the process is still running.
    var isRunning: Bool { self.status == .running }

    /// What `stack.json` records about it.
    var record: StackRecord.Process {
        StackRecord.Process(
            name: self.plan.name,
            role: self.plan.role,
            process: self.identity,
            leadsProcessGroup: self.leadsProcessGroup,
            ports: self.plan.ports,
            health: self.plan.health,
            log: self.plan.logFile.path
        )
    }
}
