import Synchronization
import TillResilience

/// A Unix clock in microseconds that moves only when told to, sent to the Redis scripts as a
/// ``SharedClock/custom(_:)`` clock so they can be compared with the pure state machines.
final class TestUnixTime: Sendable {
    private let microseconds: Mutex<Int64>

    init(microseconds: Int64 = 1_764_000_000_000_000) {
        self.microseconds = Mutex(microseconds)
    }

    var nowMicroseconds: Int64 { microseconds.withLock { $0 } }
    var nowMilliseconds: Int64 { nowMicroseconds / 1_000 }

    func advance(microseconds delta: Int64) { microseconds.withLock { $0 += delta } }
    func advance(milliseconds delta: Int64) { advance(microseconds: delta * 1_000) }

    var clock: SharedClock { .custom { self.nowMicroseconds } }
}
