/// The simulated carrier's knobs, read from `TILL_CARRIER_LATENCY_MS` and
/// `TILL_CARRIER_FAILURE_RATE` by the service executable.
public struct CarrierSettings: Sendable, Hashable {
    public var latency: Duration
    public var failureRate: Double

    public init(latency: Duration, failureRate: Double) {
        self.latency = latency
        self.failureRate = failureRate
    }
}
