import ArgumentParser
import TillLoad

/// How load is offered and for how long.
struct LoadOptions: ParsableArguments {
    enum Method: String, ExpressibleByArgument, CaseIterable {
        case checkout
        case ping
    }

    @Option(help: "What to drive: checkout (checkout.start) or ping (orchestrator.ping, the client's own overhead).")
    var method: Method = .checkout

    @Option(help: "Closed loop: keep N requests in flight (the default, with 16, unless --rate is given).")
    var concurrency: Int?

    @Option(help: "Open loop: R requests/s at constant arrival; FROM..TO with --step ramps to find the max sustainable rate.")
    var rate: String?

    @Option(help: "Ramp: how much the rate grows per step.")
    var step: Double?

    @Option(name: .customLong("step-duration"), help: "Ramp: how long each rate is held.")
    var stepDuration = "10s"

    @Option(name: .customLong("slo-p99"), help: "Ramp: the p99 a sustained rate must meet.")
    var sloP99 = "100ms"

    @Option(name: .customLong("max-error-rate"), help: "Ramp: the share of failed calls a sustained rate may have.")
    var maxErrorRate = 0.001

    @Option(help: "How long to load (10s, 2m). Without --duration or --count: 10s.")
    var duration: String?

    @Option(help: "Stop after this many requests.")
    var count: Int?

    @Option(help: "Load this long first, unmeasured.")
    var warmup: String?

    @Option(name: .customLong("max-in-flight"), help: "Open loop: requests in flight at most (a dead server cannot pile up more).")
    var maxInFlight = 10_000

    @Option(help: "The budget of one request.")
    var deadline = "30s"

    func plan() throws(ValidationError) -> LoadPlan {
        let duration = try self.duration.map { text throws(ValidationError) in try Self.duration(text, "--duration") }
        let measuredDuration = duration ?? (self.count == nil ? .seconds(10) : nil)
        let warmupDuration = try self.warmup.map { text throws(ValidationError) in try Self.duration(text, "--warmup") }
        guard self.concurrency == nil || self.rate == nil else {
            throw ValidationError("--concurrency (closed loop) and --rate (open loop) exclude each other")
        }
        if let count = self.count, count <= 0 { throw ValidationError("--count must be positive") }
        guard self.maxInFlight > 0 else { throw ValidationError("--max-in-flight must be positive") }
        let pacing: LoadStage.Pacing
        if let rateText = self.rate {
            let specification: RateSpecification
            do { specification = try RateSpecification.parse(rateText) } catch { throw ValidationError("--rate: \(error)") }
            switch specification {
            case .constant(let rate):
                pacing = .rate(rate)
            case .range(let from, let to):
                guard let step = self.step, step > 0 else { throw ValidationError("a --rate range needs --step (the rate added per step)") }
                let stepDuration = try Self.duration(self.stepDuration, "--step-duration")
                let slo = try Self.duration(self.sloP99, "--slo-p99")
                let ramp = RampPlan(from: from, to: to, step: step, stepDuration: stepDuration)
                let warmup = warmupDuration.map { LoadStage(pacing: .rate(from), duration: $0, isWarmup: true) }
                return LoadPlan(warmup: warmup, body: .ramp(ramp, sloP99: slo, maxErrorRate: self.maxErrorRate), maxInFlight: self.maxInFlight)
            }
        } else {
            let concurrency = self.concurrency ?? 16
            guard concurrency > 0 else { throw ValidationError("--concurrency must be positive") }
            pacing = .concurrency(concurrency)
        }
        let warmup = warmupDuration.map { LoadStage(pacing: pacing, duration: $0, isWarmup: true) }
        let stage = LoadStage(pacing: pacing, duration: measuredDuration, count: self.count)
        return LoadPlan(warmup: warmup, body: .single(stage), maxInFlight: self.maxInFlight)
    }

    func requestDeadline() throws(ValidationError) -> Duration {
        try Self.duration(self.deadline, "--deadline")
    }

    static func duration(_ text: String, _ flag: String) throws(ValidationError) -> Duration {
        do {
            return try DurationParser.parse(text)
        } catch {
            throw ValidationError("\(flag): \(error)")
        }
    }
}
