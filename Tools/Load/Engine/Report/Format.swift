/// Number formatting for progress lines and reports (no locale: output is read by scripts too).
public enum Format {
    /// `1234` → `1234`, `12.5` → `12.5`: at most one decimal, none when whole.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let tenths = (value * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int64(tenths / 10)) }
        return String(Double(Int64(tenths)) / 10)
    }

    /// A percentile with as many decimals as it needs (at most four): `50`, `99.9`, `99.99`.
    public static func percentile(_ value: Double) -> String {
        var text = self.fixed(value, decimals: 4)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A latency in microseconds as a short human string: `850µs`, `12.3ms`, `1.25s`.
    public static func latency(micros: UInt64) -> String {
        if micros < 1_000 { return "\(micros)µs" }
        if micros < 1_000_000 { return self.fixed(Double(micros) / 1_000, decimals: micros < 100_000 ? 1 : 0) + "ms" }
        return self.fixed(Double(micros) / 1_000_000, decimals: 2) + "s"
    }

    /// `value` with exactly `decimals` decimals.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale)
        var text = (value < 0 && scaled != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            var fraction = String(scaled % Int64(scale))
            while fraction.count < decimals { fraction = "0" + fraction }
            text += "." + fraction
        }
        return text
    }
}
