/// A set of blocked identities: lowercased e-mail addresses and customer ids (a customer id cannot
/// contain `@`, so the two never collide). In Redis it is the set `till:fraud:blocklist`.
public protocol FraudBlocklist: Sendable {
    /// The first of `candidates` that is blocked, or `nil`.
    func firstBlocked(among candidates: [String]) async throws -> String?
}

/// A fixed blocklist held in memory (configuration, tests).
public struct StaticFraudBlocklist: FraudBlocklist {
    private let entries: Set<String>

    /// A blocklist of `entries` (e-mail addresses are compared lowercased).
    public init(_ entries: some Sequence<String>) {
        self.entries = Set(entries.map(RedisFraudBlocklist.normalize))
    }

    public func firstBlocked(among candidates: [String]) async throws -> String? {
        candidates.first { entries.contains(RedisFraudBlocklist.normalize($0)) }
    }
}

/// Several blocklists consulted in order: an entry on any of them is blocked. Payments layers the
/// configured defaults (`TILL_FRAUD_BLOCKLIST`, in memory) over the operators' Redis set, so the
/// documented test address is blocked on a fresh Redis without a seeding step.
public struct LayeredFraudBlocklist: FraudBlocklist {
    private let layers: [any FraudBlocklist]

    /// A blocklist made of `layers`, consulted first to last.
    public init(_ layers: [any FraudBlocklist]) {
        self.layers = layers
    }

    public func firstBlocked(among candidates: [String]) async throws -> String? {
        for layer in layers {
            if let blocked = try await layer.firstBlocked(among: candidates) { return blocked }
        }
        return nil
    }
}

/// `blocklist`: the customer's e-mail or id is blocklisted → `block`.
public struct BlocklistRule: FraudRule {
    public let name = "blocklist"
    public let phase = FraudPhase.beforeAuthorization
    /// Points added when blocked.
    public let score: Int
    private let blocklist: any FraudBlocklist

    /// Creates the rule over `blocklist`.
    public init(blocklist: any FraudBlocklist, score: Int = 100) {
        self.blocklist = blocklist
        self.score = score
    }

    public func evaluate(_ context: FraudContext) async throws(PaymentError) -> FraudVerdict {
        let email = context.email.lowercased()
        let blocked: String?
        do {
            blocked = try await blocklist.firstBlocked(among: [email, context.customerID])
        } catch {
            throw .unavailable("fraud blocklist unavailable", underlying: error)
        }
        guard let blocked else { return .pass(name, reason: "not blocklisted") }
        let what = blocked == email ? "e-mail address" : "customer"
        return FraudVerdict(rule: name, verdict: .block, score: score, reason: "\(what) is blocklisted")
    }
}
