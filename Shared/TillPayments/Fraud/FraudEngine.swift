/// Runs fraud rules in order and combines their verdicts (`DESIGN.md`, "Fraud").
///
/// - Rules run in the order given, only those of the requested phase, and evaluation stops at the
///   first `block`.
/// - The decision is the highest-precedence verdict (`block` > `challenge` > `review` >
///   `approve`), raised to at least `review` when the summed score reaches ``reviewThreshold``.
/// - The post-authorization phase continues the pre-authorization assessment, so the payment
///   ends with one assessment whose score covers every rule that ran.
public struct FraudEngine: Sendable {
    /// The rules, in evaluation order.
    public let rules: [any FraudRule]
    /// The score at and above which a payment is at least `review`.
    public let reviewThreshold: Int

    /// Creates an engine.
    public init(rules: [any FraudRule], reviewThreshold: Int = 50) {
        self.rules = rules
        self.reviewThreshold = reviewThreshold
    }

    /// Runs the rules of `phase` against `context`, continuing `previous`.
    public func assess(
        _ context: FraudContext,
        phase: FraudPhase,
        continuing previous: FraudAssessment = .empty
    ) async throws(PaymentError) -> FraudAssessment {
        var assessment = previous
        for rule in rules where rule.phase == phase {
            guard assessment.decision != .block else { break }
            let verdict = try await rule.evaluate(context)
            assessment.verdicts.append(verdict)
            assessment.score += verdict.score
            assessment.decision = decide(assessment)
        }
        return assessment
    }

    private func decide(_ assessment: FraudAssessment) -> FraudDecision {
        let strongest = assessment.verdicts.map(\.verdict).max() ?? .approve
        return assessment.score >= reviewThreshold ? max(strongest, .review) : strongest
    }
}
