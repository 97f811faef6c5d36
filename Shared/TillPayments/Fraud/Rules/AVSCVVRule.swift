/// `avs_cvv`: judges the gateway's answer after authorization. A CVV or AVS mismatch → `block`;
/// the payments service then voids that authorization at once. `partial` AVS and `unavailable`
/// results pass: many issuers cannot check, and the other rules have already run.
public struct AVSCVVRule: FraudRule {
    public let name = "avs_cvv"
    public let phase = FraudPhase.afterAuthorization
    /// Points added on a mismatch.
    public let score: Int

    /// Creates the rule.
    public init(score: Int = 100) {
        self.score = score
    }

    public func evaluate(_ context: FraudContext) async throws(PaymentError) -> FraudVerdict {
        guard let checks = context.authorizationChecks else {
            return .pass(name, reason: "no AVS/CVV result")
        }
        if checks.cvv == .mismatch {
            return FraudVerdict(rule: name, verdict: .block, score: score, reason: "CVV mismatch")
        }
        if checks.avs == .mismatch {
            return FraudVerdict(rule: name, verdict: .block, score: score, reason: "AVS mismatch")
        }
        return .pass(name, reason: "AVS \(checks.avs.rawValue), CVV \(checks.cvv.rawValue)")
    }
}
