/// Where a command's keys are among its arguments, so the cluster client can route it.
///
/// Covers the commands Till sends; an unknown command is assumed to take its key first, as most
/// Redis commands do. Keyless commands (`PING`, `PUBLISH`, `SCRIPT`, …) may go to any node.
enum RedisKeySpec: Sendable, Hashable {
    /// No key: any node can answer.
    case keyless
    /// The first argument is the only key.
    case first
    /// Every argument is a key (`DEL`, `EXISTS`, `MGET`, `UNLINK`, `TOUCH`).
    case all
    /// Every argument but the last is a key (`BLPOP k1 k2 timeout`).
    case allButLast
    /// Arguments alternate key, value (`MSET`, `MSETNX`).
    case pairs
    /// The second argument is the number of keys, which follow it (`EVAL`, `EVALSHA`, `FCALL`).
    case counted

    /// The spec of command `name` (case-insensitive).
    static func of(_ name: String) -> RedisKeySpec {
        if let spec = table[name] { return spec }
        return table[name.uppercased()] ?? .first
    }

    /// The 1-based argument positions (0 is the command name) holding keys, given the arguments.
    /// `numberAt(i)` reads argument `i` as an integer (for ``counted``).
    func keyPositions(argumentCount: Int, numberAt: (Int) -> Int?) -> Range<Int> {
        switch self {
        case .keyless: return 0..<0
        case .first: return argumentCount >= 1 ? 1..<2 : 0..<0
        case .all, .pairs: return argumentCount >= 1 ? 1..<(argumentCount + 1) : 0..<0
        case .allButLast: return argumentCount >= 2 ? 1..<argumentCount : 0..<0
        case .counted:
            guard argumentCount >= 2, let keys = numberAt(2), keys > 0 else { return 0..<0 }
            return 3..<min(3 + keys, argumentCount + 1)
        }
    }

    /// Whether position `index` within ``keyPositions(argumentCount:numberAt:)`` is a key
    /// (every other one for ``pairs``).
    func isKey(at index: Int) -> Bool {
        self == .pairs ? index % 2 == 1 : true
    }

    private static let table: [String: RedisKeySpec] = {
        var table: [String: RedisKeySpec] = [:]
        for name in [
            "PING", "ECHO", "AUTH", "HELLO", "SELECT", "INFO", "TIME", "CLIENT", "CONFIG", "CLUSTER", "ASKING",
            "READONLY", "READWRITE", "COMMAND", "DBSIZE", "FLUSHALL", "FLUSHDB", "SCAN", "KEYS", "RANDOMKEY",
            "SCRIPT", "FUNCTION", "PUBLISH", "SUBSCRIBE", "UNSUBSCRIBE", "PSUBSCRIBE", "PUNSUBSCRIBE", "PUBSUB",
            "MULTI", "EXEC", "DISCARD", "UNWATCH", "WAIT", "WAITAOF", "DEBUG", "SLOWLOG", "LATENCY", "MEMORY",
            "SAVE", "BGSAVE", "BGREWRITEAOF", "LASTSAVE", "ROLE", "SHUTDOWN", "QUIT", "RESET",
        ] {
            table[name] = .keyless
        }
        for name in ["DEL", "UNLINK", "EXISTS", "TOUCH", "MGET", "WATCH", "SINTER", "SUNION", "SDIFF", "PFCOUNT"] {
            table[name] = .all
        }
        for name in ["BLPOP", "BRPOP", "BZPOPMIN", "BZPOPMAX"] { table[name] = .allButLast }
        for name in ["MSET", "MSETNX"] { table[name] = .pairs }
        for name in ["EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO"] { table[name] = .counted }
        return table
    }()
}
