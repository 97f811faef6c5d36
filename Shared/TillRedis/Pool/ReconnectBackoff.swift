/// How long to wait before connecting again after consecutive failures: doubling from
/// ``initial`` up to ``maximum``. Calls made meanwhile fail at once with the last error, so a
/// Redis outage costs callers nothing but a retriable error, and Redis is not hammered.
struct ReconnectBackoff: Sendable, Equatable {
    var initial: Duration = .milliseconds(50)
    var maximum: Duration = .seconds(1)

    /// The wait after `failures` consecutive failed attempts (≥ 1).
    func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = initial
        for _ in 1..<min(failures, 32) {
            delay *= 2
            if delay >= maximum { return maximum }
        }
        return min(delay, maximum)
    }
}
