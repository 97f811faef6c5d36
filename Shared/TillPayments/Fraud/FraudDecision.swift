/// A fraud outcome, ordered by precedence: `block` > `challenge` > `review` > `approve`.
public enum FraudDecision: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Go ahead.
    case approve
    /// Go ahead, and flag the payment for a person to look at.
    case review
    /// Step up to 3-D Secure before authorizing (`authentication_required`).
    case challenge
    /// Refuse (`fraud_blocked`).
    case block

    private var precedence: Int {
        switch self {
        case .approve: 0
        case .review: 1
        case .challenge: 2
        case .block: 3
        }
    }

    public static func < (lhs: FraudDecision, rhs: FraudDecision) -> Bool {
        lhs.precedence < rhs.precedence
    }
}
