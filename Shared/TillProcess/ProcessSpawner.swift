#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a program with `posix_spawn` in the state a service expects to begin in.
///
/// `Foundation.Process` is not used because a child inherits its parent's signal mask: spawned
/// from a Swift concurrency or Dispatch worker thread, which blocks nearly every signal, a service
/// would never see the SIGTERM that asks it to shut down gracefully (checked: `SigBlk` of such a
/// child is `fffffffe7ffbfeff`). Here the child gets an empty signal mask, every signal at its
/// default action, a process group of its own (so the terminal's Ctrl-C reaches only `till`, and
/// stopping it reaches any helper it forks), `/dev/null` as input, the log file as output, and no
/// other descriptor of the parent's. `till`, `till-bench` and the tests start every child this way.
public enum ProcessSpawner {
    /// Why a program could not be started: the failing step and its `errno`.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var step: String
        public var code: Int32

        public var description: String {
            let reason = String(cString: strerror(self.code))
            return self.step == "posix_spawn" ? reason : "\(self.step): \(reason)"
        }
    }

    /// Starts `executable` and returns its pid.
    ///
    /// - Parameters:
    ///   - output: The file standard output goes to, created or truncated.
    ///   - errors: The file standard error goes to; nil for the same file as `output`.
    public static func spawn(
        executable: String,
        arguments: [String],
        environment: [String: String],
        output: String,
        errors: String? = nil
    ) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        try check("posix_spawn_file_actions_init", posix_spawn_file_actions_init(&actions))
        defer { posix_spawn_file_actions_destroy(&actions) }
        try check("posix_spawnattr_init", posix_spawnattr_init(&attributes))
        defer { posix_spawnattr_destroy(&attributes) }

        let logFlags = O_WRONLY | O_CREAT | O_TRUNC | O_APPEND
        try check("stdin", posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0))
        try check("stdout", posix_spawn_file_actions_addopen(&actions, 1, output, logFlags, 0o644))
        if let errors {
            try check("stderr", posix_spawn_file_actions_addopen(&actions, 2, errors, logFlags, 0o644))
        } else {
            try check("stderr", posix_spawn_file_actions_adddup2(&actions, 1, 2))
        }
        if let closeFrom = Self.closeFrom {
            try check("closefrom", closeFrom(&actions, 3))
        }

        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var everySignal = sigset_t()
        sigfillset(&everySignal)
        try check("sigmask", posix_spawnattr_setsigmask(&attributes, &noSignals))
        try check("sigdefault", posix_spawnattr_setsigdefault(&attributes, &everySignal))
        try check("pgroup", posix_spawnattr_setpgroup(&attributes, 0))
        let flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP
        try check("flags", posix_spawnattr_setflags(&attributes, Int16(flags)))

        var pid: pid_t = 0
        let argv = CStringArray([executable] + arguments)
        let envp = CStringArray(environment.map { "\($0.key)=\($0.value)" }.sorted())
        defer {
            argv.free()
            envp.free()
        }
        try check("posix_spawn", posix_spawn(&pid, executable, &actions, &attributes, argv.pointers, envp.pointers))
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time because
    /// Swift's Glibc module does not export it. Without it (older libc) only the descriptors
    /// opened close-on-exec — all that Swift, Foundation and NIO open — stay out of the child.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(
            symbol,
            to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self
        )
        #else
        return nil
        #endif
    }()

    private static func check(_ step: String, _ result: Int32) throws(Failure) {
        guard result == 0 else { throw Failure(step: step, code: result) }
    }
}

/// A NULL-terminated array of C strings that lives until ``free()``.
private struct CStringArray {
    var pointers: [UnsafeMutablePointer<CChar>?]

    init(_ strings: [String]) {
        self.pointers = strings.map { strdup($0) } + [nil]
    }

    func free() {
        for pointer in self.pointers {
            #if canImport(Darwin)
            Darwin.free(pointer)
            #elseif canImport(Musl)
            Musl.free(pointer)
            #else
            Glibc.free(pointer)
            #endif
        }
    }
}
