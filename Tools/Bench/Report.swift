/// Fixed-width result lines, one per concurrency level.
enum Report {
    static func header(_ title: String) {
        print("\n== \(title)")
        print(pad("in flight", 10) + pad("till req/s", 13) + pad("p50 µs", 10) + pad("p99 µs", 10)
            + pad("p99.9 µs", 10) + pad("redis-bench req/s", 19) + "ratio")
    }

    static func line(level: Int, result: LoadResult, reference: Double?) {
        var text = pad("\(level)", 10) + pad(format(result.requestsPerSecond), 13)
        text += pad(format(result.percentileMicros(50)), 10) + pad(format(result.percentileMicros(99)), 10)
        text += pad(format(result.percentileMicros(99.9)), 10)
        if let reference {
            text += pad(format(reference), 19) + format(result.requestsPerSecond / reference, decimals: 2) + "×"
        }
        if result.failed > 0 { text += "  (\(result.failed) failed)" }
        print(text)
    }

    static func format(_ value: Double, decimals: Int = 0) -> String {
        guard decimals > 0 else { return String(Int(value.rounded())) }
        let scale = Double(Int(pow10(decimals)))
        let scaled = Int((value * scale).rounded())
        let whole = scaled / Int(scale)
        var fraction = String(abs(scaled) % Int(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        return "\(whole).\(fraction)"
    }

    private static func pow10(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
