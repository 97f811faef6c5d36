/// One kind of checkout in a workload mix, built from the documented test fixtures (`API.md`,
/// "Test fixtures"): which card, e-mail and address the order uses, and how its saga should end.
public enum Scenario: String, Sendable, Hashable, CaseIterable, Codable {
    /// `tok_visa`: completes.
    case visa
    /// `tok_declined`: `card_declined`, compensated.
    case declined
    /// `tok_insufficient_funds`: compensated.
    case insufficientFunds = "insufficient_funds"
    /// `tok_flaky_2`: the gateway drops the first two attempts; completes, slowly by design.
    case flaky
    /// `tok_3ds`: `authentication_required`, compensated.
    case threeDS = "3ds"
    /// `tok_cvv_fail`: authorized, then voided by the `avs_cvv` rule; compensated.
    case cvvFail = "cvv_fail"
    /// Postal code `00000`: the carrier rejects the address after authorization; compensated.
    case badAddress = "bad_address"
    /// `blocked@example.com` is on the fraud blocklist: `fraud_blocked`, compensated.
    case fraud
    /// `tok_timeout`: the gateway answers after 60 s; the payment turns `unknown` and is voided.
    case timeout

    /// The card token the order pays with.
    public var cardToken: String {
        switch self {
        case .visa, .badAddress, .fraud: "tok_visa"
        case .declined: "tok_declined"
        case .insufficientFunds: "tok_insufficient_funds"
        case .flaky: "tok_flaky_2"
        case .threeDS: "tok_3ds"
        case .cvvFail: "tok_cvv_fail"
        case .timeout: "tok_timeout"
        }
    }

    /// The blocklisted e-mail for `fraud`; nil means a per-customer address.
    public var emailOverride: String? {
        self == .fraud ? "blocked@example.com" : nil
    }

    /// The postal code of the shipping address.
    public var postalCode: String {
        self == .badAddress ? "00000" : "94107"
    }

    /// The saga state this scenario ends in when everything works as designed.
    public var expectedState: String {
        switch self {
        case .visa, .flaky: "completed"
        default: "compensated"
        }
    }
}
