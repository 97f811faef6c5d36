import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CPU time (user + system) a process has used so far, read from `/proc/<pid>/stat`.
///
/// The benchmark's client, the service and Redis share the machine's cores, so what a request
/// costs is best told by the CPU each of them spent on it, not by wall-clock throughput alone.
struct CPUTime: Sendable {
    let seconds: Double

    /// `pid`'s CPU time, or `nil` when it cannot be read (not Linux, process gone).
    static func of(pid: Int32) -> CPUTime? {
        read("/proc/\(pid)/stat")
    }

    /// This process's CPU time.
    static func ofSelf() -> CPUTime? {
        read("/proc/self/stat")
    }

    private static func read(_ path: String) -> CPUTime? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let close = text.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        return CPUTime(seconds: (user + system) / max(ticks, 1))
    }
}

/// CPU spent by the benchmark's client, the service and Redis over one measured run.
struct CPUSample: Sendable {
    var client: CPUTime?
    var service: CPUTime?
    var redis: CPUTime?

    static func take(stack: LocalStack) -> CPUSample {
        CPUSample(
            client: .ofSelf(),
            service: stack.servicePID.flatMap(CPUTime.of(pid:)),
            redis: CPUTime.of(pid: stack.redisPID)
        )
    }

    /// Microseconds of CPU per request in each process; `nil` where it could not be read.
    typealias PerRequest = (client: Double?, service: Double?, redis: Double?)

    /// Microseconds of CPU per request in each process between `start` and `self`.
    func microsecondsPerRequest(since start: CPUSample, requests: Int) -> PerRequest {
        func per(_ end: CPUTime?, _ begin: CPUTime?) -> Double? {
            guard let end, let begin, requests > 0 else { return nil }
            return (end.seconds - begin.seconds) * 1_000_000 / Double(requests)
        }
        return (per(client, start.client), per(service, start.service), per(redis, start.redis))
    }
}
