#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A process as `stack.json` remembers it: its pid and when it started.
///
/// A pid alone is not an identity: after the process exits the kernel may give the number to
/// another program, and `till down` must never signal that one. On Linux the start time
/// (`/proc/<pid>/stat`, field 22, clock ticks after boot) tells them apart; a zombie (exited, not
/// yet reaped — common for a detached stack's children) counts as gone.
struct ProcessIdentity: Codable, Sendable, Hashable {
    /// The process id.
    var pid: Int32
    /// When it started, in clock ticks after boot; nil where `/proc` is not available.
    var startTime: UInt64?

    init(pid: Int32, startTime: UInt64?) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The identity of the live process `pid` (its start time read now).
    static func of(pid: Int32) -> ProcessIdentity {
        ProcessIdentity(pid: pid, startTime: ProcStat.read(pid: pid)?.startTime)
    }

    /// This process.
    static var current: ProcessIdentity { .of(pid: getpid()) }

    /// Whether this very process is still running (not exited, not a zombie, pid not reused).
    var isAlive: Bool {
        guard self.pid > 0 else { return false }
        if let stat = ProcStat.read(pid: self.pid) {
            guard stat.state != "Z", stat.state != "X" else { return false }
            return self.startTime == nil || self.startTime == stat.startTime
        }
        if FileManager.default.fileExists(atPath: "/proc/self/stat") {
            return false  // /proc works and has no entry for the pid: it is gone.
        }
        return kill(self.pid, 0) == 0 || errno == EPERM
    }
}

/// The two fields of `/proc/<pid>/stat` an identity needs.
struct ProcStat: Sendable, Hashable {
    /// One letter: `R`, `S`, `D`, `Z` (zombie), `T`, ….
    var state: Character
    /// Field 22, clock ticks after boot.
    var startTime: UInt64

    static func read(pid: Int32) -> ProcStat? {
        guard let text = ProcFile.contents(of: "/proc/\(pid)/stat") else { return nil }
        return Self.parse(text)
    }

    /// Parses the file's one line. The command name (field 2) is in parentheses and may itself
    /// hold spaces and parentheses, so the fields are counted after its last `)`.
    static func parse(_ text: String) -> ProcStat? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
        guard fields.count > 19, let state = fields[0].first, let startTime = UInt64(fields[19]) else { return nil }
        return ProcStat(state: state, startTime: startTime)
    }
}
