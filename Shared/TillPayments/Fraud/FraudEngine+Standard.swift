/// Thresholds of the standard fraud screen; configuration, not code.
public struct FraudConfiguration: Sendable, Hashable {
    /// Total score at and above which a payment is flagged for review (`TILL_FRAUD_REVIEW_THRESHOLD`).
    public var reviewThreshold: Int
    /// Attempts per customer per window (`TILL_FRAUD_VELOCITY`).
    public var velocity: VelocityLimit
    /// The `high_amount` threshold in major units.
    public var highAmountMajorUnits: Int64

    /// Creates a configuration; the defaults are Till's documented ones.
    public init(reviewThreshold: Int = 50, velocity: VelocityLimit = .default, highAmountMajorUnits: Int64 = 2_000) {
        self.reviewThreshold = reviewThreshold
        self.velocity = velocity
        self.highAmountMajorUnits = highAmountMajorUnits
    }
}

extension FraudEngine {
    /// Till's screen: `blocklist`, `velocity`, `country_mismatch`, `high_amount` before the
    /// gateway call, `avs_cvv` after it, with the default scores.
    public static func standard(
        blocklist: any FraudBlocklist,
        velocity: any VelocityCounter,
        configuration: FraudConfiguration = FraudConfiguration()
    ) -> FraudEngine {
        FraudEngine(
            rules: [
                BlocklistRule(blocklist: blocklist),
                VelocityRule(counter: velocity, limit: configuration.velocity),
                CountryMismatchRule(),
                HighAmountRule(thresholdMajorUnits: configuration.highAmountMajorUnits),
                AVSCVVRule(),
            ],
            reviewThreshold: configuration.reviewThreshold
        )
    }
}
