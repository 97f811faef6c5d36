/// The rates a ramp steps through: `--rate 100..2000 --step 100 --step-duration 10s`.
public struct RampPlan: Sendable, Hashable {
    /// The first rate (requests per second).
    public var from: Double
    /// The last rate, inclusive if a step lands on it.
    public var to: Double
    /// How much the rate grows per step.
    public var step: Double
    /// How long each rate is held.
    public var stepDuration: Duration

    /// A ramp from `from` to `to`.
    public init(from: Double, to: Double, step: Double, stepDuration: Duration) {
        self.from = from
        self.to = to
        self.step = step
        self.stepDuration = stepDuration
    }

    /// The rates in order: `from`, `from + step`, … up to `to` (always ending on `to`).
    public var rates: [Double] {
        guard self.step > 0, self.to > self.from else { return [self.from] }
        var rates: [Double] = []
        var index = 0.0
        while self.from + index * self.step < self.to - 1e-9 {
            rates.append(self.from + index * self.step)
            index += 1
        }
        rates.append(self.to)
        return rates
    }

    /// One open-loop stage per rate.
    public var stages: [LoadStage] {
        self.rates.map { LoadStage(pacing: .rate($0), duration: self.stepDuration) }
    }
}
