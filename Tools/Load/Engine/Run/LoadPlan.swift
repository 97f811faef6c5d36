/// What a run does: an optional warm-up, then either one measured stage or a ramp.
public struct LoadPlan: Sendable, Hashable {
    /// The measured part.
    public enum Body: Sendable, Hashable {
        /// One stage (open or closed loop).
        case single(LoadStage)
        /// Open-loop steps of rising rate, stopping after the first that misses the SLO.
        case ramp(RampPlan, sloP99: Duration, maxErrorRate: Double)
    }

    /// Loads the target first, unmeasured (JIT-less Swift still has cold caches, pools and connections).
    public var warmup: LoadStage?
    /// The measured part.
    public var body: Body
    /// Open-loop requests in flight at most.
    public var maxInFlight: Int

    /// A plan.
    public init(warmup: LoadStage? = nil, body: Body, maxInFlight: Int = 10_000) {
        self.warmup = warmup
        self.body = body
        self.maxInFlight = maxInFlight
    }
}
