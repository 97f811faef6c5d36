import Synchronization
import TillResilience

/// A clock whose time moves only when someone sleeps on it: every sleep returns at once, having
/// advanced the time to its deadline, and is recorded.
final class ManualClock: Clock {
    struct Instant: InstantProtocol {
        var offset: Duration

        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<(now: Instant, sleeps: [Duration])>((Instant(offset: .zero), []))

    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .nanoseconds(1) }

    /// Every sleep so far, in order.
    var sleeps: [Duration] { state.withLock { $0.sleeps } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(state.now.duration(to: deadline))
            state.now = max(state.now, deadline)
        }
    }
}

/// A random source that returns the given fractions in turn, then repeats the last one.
final class FixedRandomSource: RandomSource {
    private let fractions: Mutex<[Double]>

    init(_ fractions: [Double]) {
        self.fractions = Mutex(fractions)
    }

    func nextFraction() -> Double {
        fractions.withLock { fractions in
            fractions.count > 1 ? fractions.removeFirst() : fractions.first ?? 0
        }
    }
}
