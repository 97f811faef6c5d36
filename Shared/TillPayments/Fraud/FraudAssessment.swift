/// The combined judgement of a payment: `{decision, score, rules}` on the wire.
public struct FraudAssessment: Sendable, Hashable, Codable {
    /// The outcome.
    public var decision: FraudDecision
    /// The sum of the rules' scores.
    public var score: Int
    /// Every verdict, in evaluation order.
    public var verdicts: [FraudVerdict]

    /// No rule has run yet.
    public static let empty = FraudAssessment(decision: .approve, score: 0, verdicts: [])

    /// Creates an assessment.
    public init(decision: FraudDecision, score: Int, verdicts: [FraudVerdict]) {
        self.decision = decision
        self.score = score
        self.verdicts = verdicts
    }

    /// The first rule whose verdict is `block`, if any.
    public var blockedBy: String? {
        verdicts.first { $0.verdict == .block }?.rule
    }

    /// The error that ends the authorization, if the decision refuses it: `block` →
    /// `fraud_blocked`, `challenge` → `authentication_required` at `challengeURL`.
    public func refusal(challengeURL: String) -> PaymentError? {
        switch decision {
        case .approve, .review: nil
        case .challenge: .authenticationRequired(challengeURL: challengeURL)
        case .block: .fraudBlocked(rule: blockedBy ?? "unknown")
        }
    }

    private enum CodingKeys: String, CodingKey {
        case decision, score
        case verdicts = "rules"
    }
}
