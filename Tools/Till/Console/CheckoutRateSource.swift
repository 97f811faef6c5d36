/// Where the status line gets its checkouts per second from.
///
/// The orchestrator publishes `saga.completed` on the `till.events` bus; a source that subscribes
/// and counts those events plugs in here. Until then the status line shows `-`.
protocol CheckoutRateSource: Sendable {
    /// Checkouts completed per second recently, or nil when unknown.
    func checkoutsPerSecond() async -> Double?
}

/// The source used until the event bus can be read: the rate is unknown.
struct UnknownCheckoutRate: CheckoutRateSource {
    func checkoutsPerSecond() async -> Double? { nil }
}
