/// Turns a setting's text into a validated value, or says why it cannot.
///
/// Parsers are small values composed by the settings that use them (`.hostPort()`,
/// `.integer(in: 1...10)`, `.list(of: .hostPort())`); a service adds its own by writing one closure.
/// The text handed in has surrounding whitespace already trimmed.
public struct SettingParser<Value: Sendable>: Sendable {
    /// How the value is written, shown in `--help` (`host:port`, `ms`, `url`).
    public let valueName: String
    /// The text an error line may quote, for values that can embed a secret (a password in a URL).
    let display: @Sendable (String) -> String
    private let body: @Sendable (String) throws(SettingParseFailure) -> Value

    /// A parser from a closure.
    ///
    /// - Parameters:
    ///   - valueName: How the value is written, for `--help`.
    ///   - display: What of the raw text an error may show; the text itself unless it can hold a
    ///     secret.
    ///   - parse: The conversion; throws ``SettingParseFailure`` for text it rejects.
    public init(
        valueName: String,
        display: @escaping @Sendable (String) -> String = { $0 },
        parse: @escaping @Sendable (String) throws(SettingParseFailure) -> Value
    ) {
        self.valueName = valueName
        self.display = display
        self.body = parse
    }

    /// The value `text` stands for.
    public func parse(_ text: String) throws(SettingParseFailure) -> Value {
        try self.body(text)
    }

    /// A parser that converts this one's values further; `transform` may reject them too.
    public func map<Other: Sendable>(
        valueName: String? = nil,
        _ transform: @escaping @Sendable (Value) throws(SettingParseFailure) -> Other
    ) -> SettingParser<Other> {
        SettingParser<Other>(valueName: valueName ?? self.valueName, display: self.display) {
            (text: String) throws(SettingParseFailure) -> Other in
            try transform(try self.parse(text))
        }
    }
}
