/// Parses human durations on the command line: `10s`, `500ms`, `2m`, `1h`, or a bare number of seconds.
public enum DurationParser {
    /// Why a duration did not parse.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public let description: String
    }

    /// The duration `text` names.
    public static func parse(_ text: String) throws(ParseError) -> Duration {
        let units: [(suffix: String, nanoseconds: Double)] = [
            ("ms", 1e6), ("us", 1e3), ("µs", 1e3), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        for unit in units where text.hasSuffix(unit.suffix) {
            if let value = Double(text.dropLast(unit.suffix.count)), value >= 0, value.isFinite {
                return .nanoseconds(Int64(value * unit.nanoseconds))
            }
        }
        if let seconds = Double(text), seconds >= 0, seconds.isFinite {
            return .nanoseconds(Int64(seconds * 1e9))
        }
        throw ParseError(description: "expected a duration like 10s, 500ms or 2m, got \(text.debugDescription)")
    }
}
