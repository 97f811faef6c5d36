/// Everything a run produced: what `--out results.json` holds and the HTML report shows.
public struct LoadResults: Sendable, Codable {
    /// How the run was set up, as `name: value` text (flags, addresses without secrets).
    public var configuration: [String: String]
    /// When the run started (Unix seconds).
    public var startedAt: Int64
    /// The method driven: `checkout.start` or `orchestrator.ping`.
    public var method: String
    /// Seconds from the first request to the last answer (warm-up excluded).
    public var durationSeconds: Double
    /// Requests offered.
    public var sent: Int
    /// Calls that answered (any outcome but a failure).
    public var succeeded: Int
    /// Calls that failed.
    public var failed: Int
    /// The offered rate (requests per second): the open-loop target, or what closed loop achieved.
    public var offeredRate: Double
    /// Answers per second over the run.
    public var achievedRate: Double
    /// Every answer's latency.
    public var latency: LatencySummary
    /// Latency per scenario (`visa`, `flaky`, `duplicate`, …).
    public var latencyByScenario: [String: LatencySummary]
    /// Answers by saga state (`completed`, `compensated`, …, and `error`).
    public var outcomes: [String: Int]
    /// Failures by error code.
    public var errors: [String: Int]
    /// One entry per second.
    public var timeline: [SecondSummary]
    /// The ramp's steps, if the run was a ramp.
    public var ramp: RampSummary?
    /// The audit's verdicts, if it ran.
    public var audit: AuditReport?

    private enum CodingKeys: String, CodingKey {
        case configuration, method, sent, succeeded, failed, latency, outcomes, errors, timeline, ramp, audit
        case startedAt = "started_at"
        case durationSeconds = "duration_s"
        case offeredRate = "offered_rate"
        case achievedRate = "achieved_rate"
        case latencyByScenario = "latency_by_scenario"
    }
}

/// A ramp's result: each step and the highest rate that met the SLO.
public struct RampSummary: Sendable, Hashable, Codable {
    /// One rate held for a step.
    public struct Step: Sendable, Hashable, Codable {
        /// The offered rate.
        public var rate: Double
        /// Answers per second achieved.
        public var achieved: Double
        /// The step's p99 (µs).
        public var p99Micros: UInt64
        /// The step's failure fraction (0–1).
        public var errorRate: Double
        /// Whether the step met the SLO.
        public var sustained: Bool

        /// A step.
        public init(rate: Double, achieved: Double, p99Micros: UInt64, errorRate: Double, sustained: Bool) {
            self.rate = rate
            self.achieved = achieved
            self.p99Micros = p99Micros
            self.errorRate = errorRate
            self.sustained = sustained
        }

        private enum CodingKeys: String, CodingKey {
            case rate, achieved, sustained
            case p99Micros = "p99_us"
            case errorRate = "error_rate"
        }
    }

    /// The SLO: p99 at most this (µs).
    public var sloP99Micros: UInt64
    /// The steps run, in order.
    public var steps: [Step]
    /// The highest rate of a sustained step before the first that was not (nil if none was).
    public var maxSustainableRate: Double?

    /// A summary.
    public init(sloP99Micros: UInt64, steps: [Step], maxSustainableRate: Double?) {
        self.sloP99Micros = sloP99Micros
        self.steps = steps
        self.maxSustainableRate = maxSustainableRate
    }

    private enum CodingKeys: String, CodingKey {
        case steps
        case sloP99Micros = "slo_p99_us"
        case maxSustainableRate = "max_sustainable_rate"
    }
}
