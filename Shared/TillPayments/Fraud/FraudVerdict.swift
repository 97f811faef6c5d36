/// One rule's judgement of a payment: `{rule, verdict, score, reason}` on the wire.
public struct FraudVerdict: Sendable, Hashable, Codable {
    /// The rule's name, e.g. `country_mismatch`.
    public var rule: String
    /// What the rule alone would decide.
    public var verdict: FraudDecision
    /// Risk points added to the payment's score (0 when the rule found nothing).
    public var score: Int
    /// Why, for people; never contains the e-mail, card data or other personal data.
    public var reason: String

    /// Creates a verdict.
    public init(rule: String, verdict: FraudDecision, score: Int, reason: String) {
        self.rule = rule
        self.verdict = verdict
        self.score = score
        self.reason = reason
    }

    /// The verdict of a rule that found nothing.
    public static func pass(_ rule: String, reason: String) -> FraudVerdict {
        FraudVerdict(rule: rule, verdict: .approve, score: 0, reason: reason)
    }
}
