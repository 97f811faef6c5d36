#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Stops a process the way an operator would: SIGTERM, a grace period to shut down cleanly
/// (a service drains its requests, Redis flushes its AOF), then SIGKILL.
struct ProcessStopper: Sendable {
    /// How a stop went.
    enum Outcome: Sendable, Hashable {
        /// The process was not running (or its pid now belongs to another program: left alone).
        case notRunning
        /// It exited within the grace period.
        case stopped
        /// It had to be killed.
        case killed
        /// It survived SIGKILL for ``ProcessStopper/killWait`` (stuck in the kernel, or not ours).
        case stuck
    }

    /// How long a process gets between SIGTERM and SIGKILL.
    var grace: Duration
    /// How often the process is checked.
    var pollInterval: Duration = .milliseconds(50)
    /// How long to wait for a killed process to disappear.
    static let killWait: Duration = .seconds(5)

    /// Stops `process`, signalling its whole group when it leads one.
    ///
    /// Works the same in a cancelled task (a shutdown is exactly when cancellation is common):
    /// its waits ignore cancellation, and they are bounded by the grace period.
    func stop(_ process: ProcessIdentity, leadsProcessGroup: Bool) async -> Outcome {
        guard process.isAlive else { return .notRunning }
        let target = leadsProcessGroup ? -process.pid : process.pid
        kill(target, SIGTERM)
        // A stopped (SIGSTOP) process cannot act on SIGTERM until it continues.
        kill(target, SIGCONT)
        if await self.waitForExit(process, within: self.grace) {
            self.sweepGroup(of: process, leadsProcessGroup: leadsProcessGroup)
            return .stopped
        }
        guard process.isAlive else { return .stopped }
        kill(target, SIGKILL)
        let gone = await self.waitForExit(process, within: Self.killWait)
        return gone ? .killed : .stuck
    }

    /// Waits until `process` is gone; false if it is still running after `limit`.
    private func waitForExit(_ process: ProcessIdentity, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while process.isAlive {
            guard ContinuousClock.now < deadline else { return false }
            await Self.sleepIgnoringCancellation(self.pollInterval)
        }
        return true
    }

    /// Kills what is left of the group once its leader exited (a helper the leader forked and
    /// did not stop). The group id cannot be reused while the group has members.
    private func sweepGroup(of process: ProcessIdentity, leadsProcessGroup: Bool) {
        guard leadsProcessGroup else { return }
        kill(-process.pid, SIGKILL)
    }

    /// Sleeps for `duration` even when the task is cancelled.
    static func sleepIgnoringCancellation(_ duration: Duration) async {
        let nanoseconds = Int(duration.components.seconds) * 1_000_000_000
            + Int(duration.components.attoseconds / 1_000_000_000)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                continuation.resume()
            }
        }
    }
}
