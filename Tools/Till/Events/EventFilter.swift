/// Which events `till events --type …` shows: any whose `type` equals one of the patterns, or
/// starts with a pattern's stem when it ends in `*` (`saga.*`). No pattern shows everything.
struct EventFilter: Sendable, Hashable {
    /// The patterns as given.
    let patterns: [String]

    init(_ patterns: [String]) {
        self.patterns = patterns
    }

    /// Whether an event of `type` (nil for a message that is not a JSON event) is shown.
    func admits(type: String?) -> Bool {
        guard !self.patterns.isEmpty else { return true }
        guard let type else { return false }
        return self.patterns.contains { pattern in
            pattern.hasSuffix("*") ? type.hasPrefix(pattern.dropLast()) : type == pattern
        }
    }
}
