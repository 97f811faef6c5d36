/// The fraud screen's outcome as `payments.authorize` reports it:
/// `{"decision", "score", "rules": [{"rule", "verdict", "score", "reason"}]}`.
public struct FraudReport: Codable, Sendable, Hashable {
    /// `approve`, `review`, `challenge` or `block`.
    public var decision: String
    /// The sum of the rules' scores.
    public var score: Int
    /// Every rule that ran, in order.
    public var rules: [FraudRuleReport]

    /// Creates a report.
    public init(decision: String, score: Int, rules: [FraudRuleReport]) {
        self.decision = decision
        self.score = score
        self.rules = rules
    }
}

/// One rule's verdict.
public struct FraudRuleReport: Codable, Sendable, Hashable {
    /// The rule's name (`blocklist`, `velocity`, `country_mismatch`, `high_amount`, `avs_cvv`).
    public var rule: String
    /// `approve`, `review`, `challenge` or `block`.
    public var verdict: String
    /// What the rule adds to the total score.
    public var score: Int
    /// Why, for an operator; never personal data.
    public var reason: String

    /// Creates a verdict.
    public init(rule: String, verdict: String, score: Int, reason: String) {
        self.rule = rule
        self.verdict = verdict
        self.score = score
        self.reason = reason
    }
}
