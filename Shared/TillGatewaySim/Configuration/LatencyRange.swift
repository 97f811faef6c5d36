/// How long the simulator waits before handling a request: a fixed time (`0`, `20`) or a uniformly
/// random one from a range of milliseconds (`5..50`).
public struct LatencyRange: Sendable, Hashable, CustomStringConvertible {
    /// The shortest wait, in milliseconds.
    public let minimumMilliseconds: Int
    /// The longest wait, in milliseconds.
    public let maximumMilliseconds: Int

    /// No wait at all.
    public static let zero = LatencyRange(uncheckedMinimum: 0, maximum: 0)

    /// A wait from `range` milliseconds; `nil` if the range is negative.
    public init?(milliseconds range: ClosedRange<Int>) {
        guard range.lowerBound >= 0 else { return nil }
        self.init(uncheckedMinimum: range.lowerBound, maximum: range.upperBound)
    }

    private init(uncheckedMinimum: Int, maximum: Int) {
        self.minimumMilliseconds = uncheckedMinimum
        self.maximumMilliseconds = maximum
    }

    /// Parses `"<ms>"` or `"<min>..<max>"` (both inclusive, at most 60 000); `nil` if malformed.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "..", omittingEmptySubsequences: false)
        let limit = 60_000
        switch parts.count {
        case 1:
            guard let value = Int(parts[0]), (0...limit).contains(value) else { return nil }
            self.init(uncheckedMinimum: value, maximum: value)
        case 2:
            guard let low = Int(parts[0]), let high = Int(parts[1]), 0 <= low, low <= high, high <= limit else { return nil }
            self.init(uncheckedMinimum: low, maximum: high)
        default:
            return nil
        }
    }

    /// Whether there is never a wait.
    public var isZero: Bool { maximumMilliseconds == 0 }

    /// One wait drawn from the range.
    public func sample(using generator: inout some RandomNumberGenerator) -> Duration {
        guard minimumMilliseconds < maximumMilliseconds else { return .milliseconds(minimumMilliseconds) }
        return .milliseconds(Int.random(in: minimumMilliseconds...maximumMilliseconds, using: &generator))
    }

    public var description: String {
        minimumMilliseconds == maximumMilliseconds ? "\(minimumMilliseconds)" : "\(minimumMilliseconds)..\(maximumMilliseconds)"
    }
}
