import Logging
import TillObservability

extension SettingParser where Value == String {
    /// Any non-empty text.
    public static var string: Self {
        SettingParser(valueName: "text") { (text: String) throws(SettingParseFailure) -> String in
            guard !text.isEmpty else { throw .invalid("must not be empty") }
            return text
        }
    }

    /// A secret at least `minimumLength` characters long: `must be at least 16 characters`.
    public static func secret(minimumLength: Int) -> Self {
        SettingParser(valueName: "secret") { (text: String) throws(SettingParseFailure) -> String in
            guard text.count >= minimumLength else {
                throw .invalid("must be at least \(minimumLength) characters")
            }
            return text
        }
    }

    /// A name of 1 to 64 characters `[A-Za-z0-9_.:-]` (the wire protocol's rule for client and
    /// server names).
    public static var name: Self {
        SettingParser(valueName: "name") { (text: String) throws(SettingParseFailure) -> String in
            guard Self.isName(text) else {
                throw .expected("1 to 64 characters of A-Z a-z 0-9 _ . : -")
            }
            return text
        }
    }

    static func isName(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count) && text.utf8.allSatisfy(Self.isNameByte)
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: ":"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}

extension SettingParser where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
    /// One of an enumeration's raw values, case-insensitively: `expected one of json, text, got "xml"`.
    public static func oneOf(_ choices: Value.Type = Value.self) -> Self {
        let names = Value.allCases.map(\.rawValue)
        return SettingParser(valueName: names.joined(separator: "|")) {
            (text: String) throws(SettingParseFailure) -> Value in
            guard let choice = Value.allCases.first(where: { $0.rawValue == text.lowercased() }) else {
                throw .expected("one of \(names.joined(separator: ", "))")
            }
            return choice
        }
    }
}

extension SettingParser {
    /// A comma-separated list of `element` values, from `count.lowerBound` to `count.upperBound`
    /// of them; blanks around commas are ignored, empty elements are not.
    public static func list<Element>(
        of element: SettingParser<Element>,
        count: ClosedRange<Int> = 1...Int.max
    ) -> SettingParser<[Element]> where Value == [Element] {
        SettingParser(valueName: "\(element.valueName),…", display: element.display) {
            (text: String) throws(SettingParseFailure) -> [Element] in
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
                .map { trimmingWhitespace(String($0)) }
            guard !parts.contains(where: \.isEmpty) else {
                throw .expected("a comma-separated list without empty elements")
            }
            guard count.contains(parts.count) else {
                throw .invalid(Self.describeCount(count))
            }
            var values: [Element] = []
            values.reserveCapacity(parts.count)
            for part in parts {
                do throws(SettingParseFailure) {
                    values.append(try element.parse(part))
                } catch {
                    var failure = error
                    failure.offendingText = failure.offendingText ?? part
                    throw failure
                }
            }
            return values
        }
    }

    private static func describeCount(_ count: ClosedRange<Int>) -> String {
        if count.upperBound == Int.max {
            return "must hold at least \(count.lowerBound) comma-separated values"
        }
        if count.lowerBound == count.upperBound {
            return "must hold exactly \(count.lowerBound) comma-separated values"
        }
        return "must hold \(count.lowerBound) to \(count.upperBound) comma-separated values"
    }
}

extension SettingParser where Value == Logger.Level {
    /// A swift-log level name, case-insensitively (`trace` … `critical`).
    public static var logLevel: Self {
        let names = Logger.Level.allCases.map(\.rawValue)
        return SettingParser(valueName: names.joined(separator: "|")) {
            (text: String) throws(SettingParseFailure) -> Logger.Level in
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw .expected("one of \(names.joined(separator: ", "))")
            }
            return level
        }
    }
}

extension SettingParser where Value == LogFormat {
    /// `json` or `text`.
    public static var logFormat: Self { .oneOf(LogFormat.self) }
}

/// `text` without surrounding whitespace and line breaks.
func trimmingWhitespace(_ text: String) -> String {
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last])
}
