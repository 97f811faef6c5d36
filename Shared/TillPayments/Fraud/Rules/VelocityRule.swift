/// Counts authorization attempts per key in a sliding window; in Redis, shared by every replica.
public protocol VelocityCounter: Sendable {
    /// Records one attempt for `key` now and returns the attempts within the last
    /// `windowSeconds`, this one included.
    func recordAttempt(key: String, windowSeconds: Int64) async throws -> Int64
}

/// At most `maxAttempts` per `windowSeconds`; configured as `"<attempts>/<seconds>"`
/// (`TILL_FRAUD_VELOCITY=5/3600`).
public struct VelocityLimit: Sendable, Hashable {
    /// Attempts allowed within the window.
    public var maxAttempts: Int64
    /// The window, in seconds.
    public var windowSeconds: Int64

    /// Till's default: 5 attempts per hour.
    public static let `default` = VelocityLimit(maxAttempts: 5, windowSeconds: 3_600)

    /// Creates a limit.
    public init(maxAttempts: Int64, windowSeconds: Int64) {
        precondition(maxAttempts >= 1 && windowSeconds >= 1, "a velocity limit allows at least one attempt per window")
        self.maxAttempts = maxAttempts
        self.windowSeconds = windowSeconds
    }

    /// Parses `"<attempts>/<seconds>"`; `nil` if malformed or not positive.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let attempts = Int64(parts[0]), let seconds = Int64(parts[1]), attempts >= 1, seconds >= 1
        else { return nil }
        self.init(maxAttempts: attempts, windowSeconds: seconds)
    }
}

/// `velocity`: more than the limit's attempts per customer id within its window → `block`.
public struct VelocityRule: FraudRule {
    public let name = "velocity"
    public let phase = FraudPhase.beforeAuthorization
    /// The limit.
    public let limit: VelocityLimit
    /// Points added when exceeded.
    public let score: Int
    private let counter: any VelocityCounter

    /// Creates the rule over `counter`.
    public init(counter: any VelocityCounter, limit: VelocityLimit = .default, score: Int = 100) {
        self.counter = counter
        self.limit = limit
        self.score = score
    }

    public func evaluate(_ context: FraudContext) async throws(PaymentError) -> FraudVerdict {
        let attempts: Int64
        do {
            attempts = try await counter.recordAttempt(key: context.customerID, windowSeconds: limit.windowSeconds)
        } catch {
            throw .unavailable("fraud velocity counter unavailable", underlying: error)
        }
        guard attempts > limit.maxAttempts else {
            return .pass(name, reason: "\(attempts) of \(limit.maxAttempts) attempts in \(limit.windowSeconds) s")
        }
        return FraudVerdict(
            rule: name, verdict: .block, score: score,
            reason: "\(attempts) attempts in \(limit.windowSeconds) s exceed \(limit.maxAttempts)"
        )
    }
}
