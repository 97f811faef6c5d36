import Synchronization

/// A Unix clock in microseconds that moves only when a test moves it; handed to the Redis-backed
/// stores as their clock (`SharedClock.custom { time.nowMicroseconds }`) so that leases, recovery
/// timeouts and rate windows pass exactly when the test says, however loaded the machine is.
///
/// It starts in 2096: expiries a script derives from it as absolute times (`PXAT`) then lie far
/// in the future and never fire in the middle of a test.
public final class SimulatedUnixTime: Sendable {
    private let microseconds: Mutex<Int64>

    /// A clock at `microseconds` since the epoch.
    public init(microseconds: Int64 = 4_000_000_000_000_000) {
        self.microseconds = Mutex(microseconds)
    }

    /// Now, in Unix microseconds.
    public var nowMicroseconds: Int64 { microseconds.withLock { $0 } }
    /// Now, in Unix milliseconds.
    public var nowMilliseconds: Int64 { nowMicroseconds / 1_000 }

    /// Moves the clock forward by `delta` microseconds.
    public func advance(microseconds delta: Int64) { microseconds.withLock { $0 += delta } }
    /// Moves the clock forward by `delta` milliseconds.
    public func advance(milliseconds delta: Int64) { advance(microseconds: delta * 1_000) }
}
