import Metrics
import Synchronization

/// Counts commands written to Redis, for ``RedisClient/commandsSent`` and the
/// `till_redis_commands_total` counter. Incremented once per write, not once per command.
final class RedisCommandCounter: Sendable {
    private let total = Atomic<UInt64>(0)
    private let counter = Counter(label: "till_redis_commands_total")

    init() {}

    var value: UInt64 { total.load(ordering: .relaxed) }

    func record(_ commands: Int) {
        guard commands > 0 else { return }
        total.wrappingAdd(UInt64(commands), ordering: .relaxed)
        counter.increment(by: commands)
    }
}
