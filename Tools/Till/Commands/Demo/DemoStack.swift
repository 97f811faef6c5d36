#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Foundation
import TillProcess

/// A stack `till demo` starts for itself when none is running, with the same `till` executable
/// (`till up --detach`), and stops at the end (`till down`).
struct DemoStack: Sendable {
    let layout: StackLayout

    /// Runs `till up --detach` in `layout`'s directory and waits until it is ready.
    static func start(layout: StackLayout, console: Console) async throws(TillError) -> DemoStack {
        let stack = DemoStack(layout: layout)
        try await stack.till(["up", "--detach", "--dir", layout.root.path], console: console, timeout: .seconds(300))
        return stack
    }

    /// Runs `till down`.
    func stop(console: Console) async throws(TillError) {
        try await self.till(["down", "--dir", self.layout.root.path], console: console, timeout: .seconds(120))
    }

    /// Runs this `till` with `arguments`, shows what it printed, and fails if it failed.
    private func till(_ arguments: [String], console: Console, timeout: Duration) async throws(TillError) {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        // A file, not our standard output: `till up` may truncate what it opens, and a detached
        // stack's processes must not hold a pipe of ours open.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("till-demo-\(getpid())-\(arguments[0]).log").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let pid: pid_t
        do {
            pid = try ProcessSpawner.spawn(
                executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment, output: output
            )
        } catch {
            throw TillError(.launch, "cannot run till \(arguments[0]): \(error)")
        }
        let status = await Self.exitStatus(of: pid, timeout: timeout)
        let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        for line in printed.split(separator: "\n") { console.line("  " + line) }
        guard let status else { throw TillError(.launch, "till \(arguments[0]) did not finish within \(timeout)") }
        guard status == 0 else { throw TillError(.launch, "till \(arguments[0]) failed (exit status \(status))") }
    }

    /// Waits for `pid` to exit; its exit status, or nil (after SIGKILL) when it takes too long.
    private static func exitStatus(of pid: pid_t, timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while true {
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                return raw & 0x7f == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            }
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &raw, 0)
                return nil
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
