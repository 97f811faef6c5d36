/// How long the cluster client keeps retrying a command the cluster cannot take right now.
///
/// A failover (master dead, replica not yet promoted: `CLUSTERDOWN`, refused connections) lasts
/// about two node timeouts; the budget is sized to ride it out on small timeouts while staying
/// inside the command timeout, and every wait is a growing backoff, never a spin.
struct ClusterRetryBudget: Sendable, Equatable {
    /// Redirects (`MOVED`/`ASK`) followed before giving up: each means the map changed, so a
    /// long chain is a bug or a cluster in flux.
    var maxRedirects = 5
    /// Total time spent waiting between retries of `TRYAGAIN`/`CLUSTERDOWN`/unreachable nodes.
    var maxWait: Duration = .seconds(4)
    /// The first wait; each next one doubles, up to ``maxDelay``.
    var firstDelay: Duration = .milliseconds(20)
    var maxDelay: Duration = .milliseconds(400)

    /// The wait before retry number `retry` (0-based), or `nil` once `waited` would exceed the budget.
    func delay(retry: Int, waited: Duration) -> Duration? {
        var delay = firstDelay
        for _ in 0..<min(retry, 16) where delay < maxDelay { delay = delay * 2 }
        delay = min(delay, maxDelay)
        return waited + delay <= maxWait ? delay : nil
    }
}
