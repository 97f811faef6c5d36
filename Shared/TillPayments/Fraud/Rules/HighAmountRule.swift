/// `high_amount`: more than a threshold in the payment currency's major unit (2000.00 by default:
/// 200000 cents, 2000 yen, 2000000 fils) → `challenge` (3-D Secure step-up).
public struct HighAmountRule: FraudRule {
    public let name = "high_amount"
    public let phase = FraudPhase.beforeAuthorization
    /// The largest amount, in whole major units, that passes.
    public let thresholdMajorUnits: Int64
    /// Points added above the threshold.
    public let score: Int

    /// Creates the rule.
    public init(thresholdMajorUnits: Int64 = 2_000, score: Int = 40) {
        precondition(thresholdMajorUnits >= 0, "the amount threshold cannot be negative")
        self.thresholdMajorUnits = thresholdMajorUnits
        self.score = score
    }

    public func evaluate(_ context: FraudContext) async throws(PaymentError) -> FraudVerdict {
        // A threshold too large for 64-bit minor units is one no amount can exceed.
        guard let threshold = Money(majorUnits: thresholdMajorUnits, currency: context.amount.currency),
            context.amount.amount > threshold.amount
        else {
            return .pass(name, reason: "amount within threshold")
        }
        return FraudVerdict(rule: name, verdict: .challenge, score: score, reason: "amount above \(threshold)")
    }
}
