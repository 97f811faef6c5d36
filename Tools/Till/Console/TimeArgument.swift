import Foundation

/// Times as operators type them: Unix seconds, ISO 8601 (a date is its midnight UTC), `now`,
/// or an offset from now (`-24h`, `-7d`, `-30m`, `-90s`).
enum TimeArgument {
    static func unixSeconds(_ text: String, now: Int64, option: String) throws(TillError) -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "now" { return now }
        if let seconds = Int64(trimmed), seconds >= 0 { return seconds }
        if trimmed.hasPrefix("-"), let unit = trimmed.last, let amount = Int64(trimmed.dropFirst().dropLast()), amount >= 0 {
            let scale: Int64? =
                switch unit {
                case "s": 1
                case "m": 60
                case "h": 3_600
                case "d": 86_400
                default: nil
                }
            if let scale, amount <= Int64.max / scale { return now - amount * scale }
        }
        if let date = Self.date(trimmed) { return Int64(date.timeIntervalSince1970) }
        throw TillError(
            .usage,
            "\(option): expected Unix seconds, an ISO 8601 time (2026-11-22T06:00:00Z), now, or -24h/-7d/-30m, got \(text.debugDescription)"
        )
    }

    private static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text + "T00:00:00Z", strategy: .iso8601)
    }
}
