import Foundation
import Synchronization
import Testing
import TillPayments
import TillWire

/// A rule with a fixed verdict that counts its evaluations.
final class FixedRule: FraudRule {
    let name: String
    let phase: FraudPhase
    let verdict: FraudDecision
    let score: Int
    private let calls = Mutex(0)

    init(_ name: String, _ verdict: FraudDecision, score: Int, phase: FraudPhase = .beforeAuthorization) {
        self.name = name
        self.verdict = verdict
        self.score = score
        self.phase = phase
    }

    var evaluations: Int { calls.withLock { $0 } }

    func evaluate(_ context: FraudContext) async throws(PaymentError) -> FraudVerdict {
        calls.withLock { $0 += 1 }
        return FraudVerdict(rule: name, verdict: verdict, score: score, reason: "fixed")
    }
}

/// Counts attempts per key in memory (the Redis counter slots in behind the same protocol).
final class CountingVelocity: VelocityCounter {
    private let counts = Mutex<[String: Int64]>([:])
    func recordAttempt(key: String, windowSeconds: Int64) async throws -> Int64 {
        counts.withLock { counts in
            counts[key, default: 0] += 1
            return counts[key, default: 0]
        }
    }
}

struct UnreachableStore: FraudBlocklist, VelocityCounter {
    struct Down: Error {}
    func firstBlocked(among candidates: [String]) async throws -> String? { throw Down() }
    func recordAttempt(key: String, windowSeconds: Int64) async throws -> Int64 { throw Down() }
}

func context(
    amount: Money = Money(amount: 4_999, currency: .usd),
    email: String = "alice@example.com",
    customerID: String = "cus_1",
    billing: String = "US",
    card: String? = "US",
    checks: AuthorizationChecks? = nil
) -> FraudContext {
    FraudContext(
        paymentID: "pay_1", orderID: "ord_1", customerID: customerID, email: email, amount: amount,
        billingCountry: billing, cardCountry: card, authorizationChecks: checks
    )
}

@Suite("FraudEngine")
struct FraudEngineTests {
    @Test("precedence is block > challenge > review > approve")
    func precedence() {
        #expect(FraudDecision.allCases.sorted() == [.approve, .review, .challenge, .block])
        #expect(FraudDecision.block.rawValue == "block")
    }

    @Test("the strongest verdict wins")
    func strongestWins() async throws {
        let engine = FraudEngine(rules: [
            FixedRule("a", .approve, score: 0), FixedRule("c", .challenge, score: 10), FixedRule("r", .review, score: 0),
        ])
        let assessment = try await engine.assess(context(), phase: .beforeAuthorization)
        #expect(assessment.decision == .challenge)
        #expect(assessment.score == 10)
        #expect(assessment.verdicts.map(\.rule) == ["a", "c", "r"])
    }

    @Test("evaluation stops at the first block")
    func shortCircuit() async throws {
        let after = FixedRule("after", .approve, score: 0)
        let engine = FraudEngine(rules: [FixedRule("first", .approve, score: 0), FixedRule("blocker", .block, score: 100), after])
        let assessment = try await engine.assess(context(), phase: .beforeAuthorization)
        #expect(assessment.decision == .block)
        #expect(assessment.blockedBy == "blocker")
        #expect(after.evaluations == 0)
        #expect(assessment.verdicts.count == 2)
    }

    @Test(
        "scores that reach the review threshold make an approval a review",
        arguments: [(49, FraudDecision.approve), (50, .review), (80, .review)])
    func reviewThreshold(total: Int, expected: FraudDecision) async throws {
        let engine = FraudEngine(
            rules: [FixedRule("x", .approve, score: total - 20), FixedRule("y", .approve, score: 20)], reviewThreshold: 50)
        #expect(try await engine.assess(context(), phase: .beforeAuthorization).decision == expected)
    }

    @Test("rules of the other phase do not run")
    func phases() async throws {
        let post = FixedRule("post", .block, score: 100, phase: .afterAuthorization)
        let engine = FraudEngine(rules: [FixedRule("pre", .approve, score: 0), post])
        let before = try await engine.assess(context(), phase: .beforeAuthorization)
        #expect(before.decision == .approve)
        #expect(post.evaluations == 0)
        let after = try await engine.assess(context(), phase: .afterAuthorization, continuing: before)
        #expect(after.decision == .block)
        #expect(after.verdicts.map(\.rule) == ["pre", "post"])
    }

    @Test("the standard screen approves an ordinary payment")
    func standardApproves() async throws {
        let engine = FraudEngine.standard(blocklist: StaticFraudBlocklist(["blocked@example.com"]), velocity: CountingVelocity())
        let assessment = try await engine.assess(context(), phase: .beforeAuthorization)
        #expect(assessment.decision == .approve)
        #expect(assessment.score == 0)
        #expect(assessment.verdicts.map(\.rule) == ["blocklist", "velocity", "country_mismatch", "high_amount"])
        #expect(assessment.refusal(challengeURL: "https://acs.example") == nil)
    }

    @Test("a blocklisted e-mail (any case) or customer id blocks before anything else")
    func blocklist() async throws {
        let engine = FraudEngine.standard(
            blocklist: StaticFraudBlocklist(["blocked@example.com", "cus_bad"]), velocity: CountingVelocity())
        let byEmail = try await engine.assess(context(email: "Blocked@Example.com"), phase: .beforeAuthorization)
        #expect(byEmail.decision == .block)
        #expect(byEmail.verdicts == [FraudVerdict(rule: "blocklist", verdict: .block, score: 100, reason: "e-mail address is blocklisted")])
        #expect(byEmail.refusal(challengeURL: "")?.code == .fraudBlocked)
        let byCustomer = try await engine.assess(context(customerID: "cus_bad"), phase: .beforeAuthorization)
        #expect(byCustomer.verdicts.first?.reason == "customer is blocklisted")
    }

    @Test("more than 5 attempts per customer in the window block")
    func velocity() async throws {
        let engine = FraudEngine.standard(blocklist: StaticFraudBlocklist([]), velocity: CountingVelocity())
        for _ in 1...5 {
            #expect(try await engine.assess(context(), phase: .beforeAuthorization).decision == .approve)
        }
        let sixth = try await engine.assess(context(), phase: .beforeAuthorization)
        #expect(sixth.decision == .block)
        #expect(sixth.blockedBy == "velocity")
        #expect(try await engine.assess(context(customerID: "cus_2"), phase: .beforeAuthorization).decision == .approve)
    }

    @Test("card and billing countries that differ challenge")
    func countryMismatch() async throws {
        let engine = FraudEngine.standard(blocklist: StaticFraudBlocklist([]), velocity: CountingVelocity())
        let assessment = try await engine.assess(context(billing: "US", card: "GB"), phase: .beforeAuthorization)
        #expect(assessment.decision == .challenge)
        #expect(assessment.score == 30)
        #expect(assessment.refusal(challengeURL: "https://acs.example/1")?.details["challenge_url"] == "https://acs.example/1")
        #expect(try await engine.assess(context(billing: "us", card: "US"), phase: .beforeAuthorization).decision == .approve)
        #expect(try await engine.assess(context(card: nil), phase: .beforeAuthorization).decision == .approve)
    }

    @Test(
        "amounts above 2000 major units challenge, in every currency's exponent",
        arguments: [
            (Money(amount: 200_000, currency: .usd), FraudDecision.approve),
            (Money(amount: 200_001, currency: .usd), .challenge),
            (Money(amount: 2_000, currency: .jpy), .approve),
            (Money(amount: 2_001, currency: .jpy), .challenge),
            (Money(amount: 2_000_000, currency: .kwd), .approve),
            (Money(amount: 2_000_001, currency: .kwd), .challenge),
            (Money(amount: 200_001, currency: .krw), .challenge),
        ]
    )
    func highAmount(amount: Money, expected: FraudDecision) async throws {
        let verdict = try await HighAmountRule().evaluate(context(amount: amount))
        #expect(verdict.verdict == expected)
        #expect(verdict.score == (expected == .challenge ? 40 : 0))
    }

    @Test("mismatched countries and a high amount add up past the review threshold and still challenge")
    func scoresAddUp() async throws {
        let engine = FraudEngine.standard(blocklist: StaticFraudBlocklist([]), velocity: CountingVelocity())
        let assessment = try await engine.assess(
            context(amount: Money(amount: 250_000, currency: .eur), billing: "DE", card: "BR"), phase: .beforeAuthorization
        )
        #expect(assessment.score == 70)
        #expect(assessment.decision == .challenge)
    }

    @Test(
        "AVS/CVV mismatches block after authorization",
        arguments: [
            (AuthorizationChecks(avs: .match, cvv: .match), FraudDecision.approve),
            (AuthorizationChecks(avs: .partial, cvv: .match), .approve),
            (AuthorizationChecks(avs: .unavailable, cvv: .unavailable), .approve),
            (AuthorizationChecks(avs: .match, cvv: .mismatch), .block),
            (AuthorizationChecks(avs: .mismatch, cvv: .match), .block),
        ]
    )
    func avsCVV(checks: AuthorizationChecks, expected: FraudDecision) async throws {
        let engine = FraudEngine.standard(blocklist: StaticFraudBlocklist([]), velocity: CountingVelocity())
        let before = try await engine.assess(context(), phase: .beforeAuthorization)
        let after = try await engine.assess(context(checks: checks), phase: .afterAuthorization, continuing: before)
        #expect(after.decision == expected)
        #expect(after.verdicts.last?.rule == "avs_cvv")
        #expect(after.score == (expected == .block ? 100 : 0))
    }

    @Test("an unreachable store makes the screen unavailable, never silently weaker")
    func storeDown() async {
        for engine in [
            FraudEngine.standard(blocklist: UnreachableStore(), velocity: CountingVelocity()),
            FraudEngine.standard(blocklist: StaticFraudBlocklist([]), velocity: UnreachableStore()),
        ] {
            do {
                _ = try await engine.assess(context(), phase: .beforeAuthorization)
                Issue.record("screened without its store")
            } catch {
                #expect(error.code == .unavailable)
                #expect(error.retriable)
            }
        }
    }

    @Test("the assessment encodes as {decision, score, rules}")
    func coding() async throws {
        let engine = FraudEngine.standard(blocklist: StaticFraudBlocklist([]), velocity: CountingVelocity())
        let assessment = try await engine.assess(context(card: "GB"), phase: .beforeAuthorization)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(assessment)) as? [String: Any]
        #expect(json?["decision"] as? String == "challenge")
        #expect(json?["score"] as? Int == 30)
        let rules = json?["rules"] as? [[String: Any]]
        #expect(rules?.count == 4)
        #expect(rules?[2]["rule"] as? String == "country_mismatch")
        #expect(rules?[2]["verdict"] as? String == "challenge")
    }

    @Test("velocity limits parse from configuration")
    func velocityParsing() {
        #expect(VelocityLimit(parsing: "5/3600") == .default)
        #expect(VelocityLimit(parsing: "0/3600") == nil)
        #expect(VelocityLimit(parsing: "5") == nil)
    }
}
