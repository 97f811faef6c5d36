/// The documented test cards (`API.md`, "Test fixtures"): how the simulator treats a card token.
///
/// Any token that is not one of these behaves like `tok_visa`, so tokens minted by a tokenizer
/// (`tok_` and random hex) authorize.
enum TestCard: Sendable, Hashable {
    /// `tok_visa`, and every other token: authorizes, AVS and CVV match.
    case visa
    /// `tok_declined`: `card_declined` (`decline_code: generic_decline`).
    case declined
    /// `tok_insufficient_funds`: `insufficient_funds`.
    case insufficientFunds
    /// `tok_3ds`: `authentication_required` with a `challenge_url`.
    case threeDSecure
    /// `tok_cvv_fail`: authorizes, CVV mismatch.
    case cvvFailure
    /// `tok_flaky_2`: the first two authorize attempts per payment lose their connection.
    case flaky
    /// `tok_timeout`: authorizes, but every answer about it comes late.
    case timeout

    /// How many authorize attempts per payment `tok_flaky_2` drops.
    static let flakyDrops = 2

    init(token: String) {
        switch token {
        case "tok_declined": self = .declined
        case "tok_insufficient_funds": self = .insufficientFunds
        case "tok_3ds": self = .threeDSecure
        case "tok_cvv_fail": self = .cvvFailure
        case "tok_flaky_2": self = .flaky
        case "tok_timeout": self = .timeout
        default: self = .visa
        }
    }
}
