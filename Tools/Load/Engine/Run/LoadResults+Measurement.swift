extension LoadResults {
    /// The results of a measurement; `audit` is added once the audit ran.
    public init(
        measurement: LoadRunner.Measurement,
        method: String,
        startedAt: Int64,
        configuration: [String: String]
    ) {
        let recorded = measurement.recorded
        let seconds = max(measurement.duration.secondsValue, 1e-9)
        self.configuration = configuration
        self.startedAt = startedAt
        self.method = method
        self.durationSeconds = measurement.duration.secondsValue
        self.sent = recorded.sent
        self.failed = recorded.failed
        self.succeeded = recorded.answered - recorded.failed
        self.offeredRate = measurement.ramp == nil ? (measurement.targetRate ?? Double(recorded.sent) / seconds) : Double(recorded.sent) / seconds
        self.achievedRate = Double(self.succeeded) / seconds
        self.latency = LatencySummary(recorded.latencies)
        self.latencyByScenario = recorded.byScenario.mapValues { LatencySummary($0) }
        self.outcomes = recorded.outcomes
        self.errors = recorded.errors
        self.timeline = recorded.timeline
        self.ramp = measurement.ramp
        self.audit = nil
    }
}
