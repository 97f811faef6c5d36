/// A rate: `limit` requests per `period`, of which up to `burst` may arrive at once.
///
/// Written `"<limit>/<period seconds>"` in configuration (`TILL_RATE_LIMIT=100/60`); the burst
/// defaults to the limit, so an idle key may spend its whole minute's allowance at once and then
/// earns one request back every `period / limit`.
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    /// Requests allowed per period on average.
    public var limit: Int64
    /// The period in whole seconds.
    public var periodSeconds: Int64
    /// Requests an idle key may make back to back.
    public var burst: Int64

    /// Till's default: 100 requests per minute per key, all of them allowed as one burst.
    public static let `default` = RateLimit(limit: 100, periodSeconds: 60)

    /// Creates a rate; `burst` defaults to `limit`.
    public init(limit: Int64, periodSeconds: Int64, burst: Int64? = nil) {
        precondition(limit >= 1 && periodSeconds >= 1, "a rate limit allows at least one request per second-long period")
        precondition((burst ?? limit) >= 1, "a burst admits at least one request")
        self.limit = limit
        self.periodSeconds = periodSeconds
        self.burst = burst ?? limit
    }

    /// Parses `"<limit>/<period seconds>"`, e.g. `"100/60"`; `nil` if malformed or not positive.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let limit = Int64(parts[0].trimmingSpaces), limit >= 1,
            let period = Int64(parts[1].trimmingSpaces), period >= 1
        else { return nil }
        self.init(limit: limit, periodSeconds: period)
    }

    /// The GCRA parameters of this rate (microsecond arithmetic).
    public var gcra: GCRA {
        GCRA(emissionIntervalMicroseconds: max(1, periodSeconds * 1_000_000 / limit), burst: burst)
    }

    public var description: String { "\(limit)/\(periodSeconds)s burst \(burst)" }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while result.first == " " { result.removeFirst() }
        while result.last == " " { result.removeLast() }
        return result
    }
}
