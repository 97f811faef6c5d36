/// `country_mismatch`: the card was issued in another country than the billing address →
/// `challenge` (3-D Secure proves the cardholder is there). No card country → nothing to compare.
public struct CountryMismatchRule: FraudRule {
    public let name = "country_mismatch"
    public let phase = FraudPhase.beforeAuthorization
    /// Points added on a mismatch.
    public let score: Int

    /// Creates the rule.
    public init(score: Int = 30) {
        self.score = score
    }

    public func evaluate(_ context: FraudContext) async throws(PaymentError) -> FraudVerdict {
        guard let cardCountry = context.cardCountry else {
            return .pass(name, reason: "card country unknown")
        }
        guard cardCountry.uppercased() != context.billingCountry.uppercased() else {
            return .pass(name, reason: "card country matches billing country")
        }
        return FraudVerdict(rule: name, verdict: .challenge, score: score, reason: "card country differs from billing country")
    }
}
