/// The foreground status line: how many processes are up, for how long, and how busy the stack is.
///
/// `till: 7/7 up | uptime 1m05s | checkouts/s 12.5` — the rate reads `-` until a
/// ``CheckoutRateSource`` can measure it.
struct StatusLine: Sendable, Hashable {
    /// Processes running now.
    var up: Int
    /// Processes the stack started.
    var total: Int
    /// Time since the stack became ready.
    var uptime: Duration
    /// Completed checkouts per second, when known.
    var checkoutsPerSecond: Double?

    /// The line as shown.
    var rendered: String {
        let rate = self.checkoutsPerSecond.map(Self.formatRate) ?? "-"
        return "till: \(self.up)/\(self.total) up | uptime \(Self.formatUptime(self.uptime)) | checkouts/s \(rate)"
    }

    /// `45s`, `3m07s`, `2h05m09s`.
    static func formatUptime(_ duration: Duration) -> String {
        let seconds = max(0, Int(duration.components.seconds))
        let (hours, minutes, rest) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        if hours > 0 {
            return "\(hours)h\(Self.twoDigits(minutes))m\(Self.twoDigits(rest))s"
        }
        if minutes > 0 {
            return "\(minutes)m\(Self.twoDigits(rest))s"
        }
        return "\(rest)s"
    }

    /// One decimal, never scientific notation: `0.0`, `12.5`, `1520.0`.
    static func formatRate(_ rate: Double) -> String {
        guard rate.isFinite, rate >= 0 else { return "-" }
        let tenths = Int((rate * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
