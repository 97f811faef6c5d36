extension SettingParser where Value == Int {
    /// A decimal integer within `range`: `expected an integer from 1 to 10, got "11"`.
    public static func integer(in range: ClosedRange<Int>) -> Self {
        SettingParser(valueName: "n") { (text: String) throws(SettingParseFailure) -> Int in
            guard let value = Int(text), range.contains(value) else {
                throw .expected("an integer from \(range.lowerBound) to \(range.upperBound)")
            }
            return value
        }
    }
}

extension SettingParser where Value == Duration {
    /// A whole number of milliseconds within `range`, as a `Duration` (the `TILL_…_MS` settings).
    public static func milliseconds(in range: ClosedRange<Int>) -> Self {
        SettingParser(valueName: "ms") { (text: String) throws(SettingParseFailure) -> Duration in
            guard let value = Int(text), range.contains(value) else {
                throw .expected("milliseconds from \(range.lowerBound) to \(range.upperBound)")
            }
            return .milliseconds(value)
        }
    }
}

extension SettingParser where Value == Double {
    /// A probability from 0 to 1 inclusive, written as a decimal (`0.05`).
    public static var probability: Self {
        SettingParser(valueName: "p") { (text: String) throws(SettingParseFailure) -> Double in
            guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
                throw .expected("a probability from 0 to 1")
            }
            return value
        }
    }
}

extension SettingParser where Value == Rate {
    /// A rate written `count/seconds` (`5/3600`: five per hour), both positive integers.
    public static var rate: Self {
        SettingParser(valueName: "count/seconds") { (text: String) throws(SettingParseFailure) -> Rate in
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2,
                let count = Int(parts[0]), count > 0,
                let seconds = Int(parts[1]), seconds > 0
            else {
                throw .expected("count/seconds with positive integers, e.g. 5/3600")
            }
            return Rate(count: count, per: .seconds(seconds))
        }
    }
}
