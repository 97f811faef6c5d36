import ArgumentParser

/// One configuration setting: an environment variable, its matching command-line flag, a parser
/// and what happens when neither is given.
///
/// `TILL_REDIS_URL` pairs with `--redis-url`: the name without `TILL_`, lower-cased, `_` → `-`.
/// The flag wins over the environment, the environment over the default; a required setting with
/// neither is an error. Values are trimmed; an empty environment variable counts as unset (so
/// `TILL_CLIENT_KEYS=` in a compose file means "none").
///
/// Every failure is one line naming the variable — `TILL_LISTEN: expected host:port, got "abc"` —
/// carried by ArgumentParser's `ValidationError`, so a command exits with status 64 (`EX_USAGE`).
/// A secret setting's value is never part of the line.
///
/// A service declares its own settings as static values and exposes each as an `@Option`:
///
/// ```swift
/// static let failureRate = Setting("TILL_CARRIER_FAILURE_RATE", default: "0", parser: .probability,
///                                  help: "Share of carrier calls that fail")
///
/// @Option(name: Self.failureRate.optionName, help: Self.failureRate.help)
/// var carrierFailureRate: String?
///
/// let rate = try Self.failureRate.resolve(flag: carrierFailureRate, environment: environment)
/// ```
public struct Setting<Value: Sendable>: Sendable {
    /// What a setting falls back to when neither flag nor variable is given.
    enum Fallback: Sendable {
        /// Parse this text, written the way a user would write it.
        case text(String)
        /// This value, shown in `--help` as the text given.
        case value(Value, shown: String)
        /// Fail: the setting must be given.
        case required(shown: String?)
    }

    /// The environment variable, e.g. `TILL_REDIS_URL`.
    public let variable: String
    /// One line for `--help`.
    public let summary: String
    /// Whether the value is a secret (never printed, even in errors).
    public let isSecret: Bool
    let parser: SettingParser<Value>
    let fallback: Fallback

    /// A setting that falls back to `defaultText`, parsed like any given value.
    ///
    /// - Parameters:
    ///   - variable: The environment variable, `TILL_…`.
    ///   - defaultText: The default, written as a user would write it (so `--help` shows exactly
    ///     what to type, and the default passes the same validation).
    ///   - secret: Whether the value must never be printed.
    ///   - parser: Validates and converts the text.
    ///   - help: One line for `--help`.
    public init(
        _ variable: String,
        default defaultText: String,
        secret: Bool = false,
        parser: SettingParser<Value>,
        help: String
    ) {
        self.init(variable: variable, summary: help, isSecret: secret, parser: parser, fallback: .text(defaultText))
    }

    /// A setting that must be given: `TILL_CLUSTER_KEY: required, not set` otherwise.
    ///
    /// `defaultDescription` is for settings whose default only the caller knows (a per-service
    /// listen address, supplied with ``defaulting(to:)``); it appears in `--help`.
    public init(
        required variable: String,
        secret: Bool = false,
        parser: SettingParser<Value>,
        defaultDescription: String? = nil,
        help: String
    ) {
        self.init(
            variable: variable,
            summary: help,
            isSecret: secret,
            parser: parser,
            fallback: .required(shown: defaultDescription)
        )
    }

    /// An optional setting: `nil` when neither flag nor variable is given.
    public init<Wrapped>(
        optional variable: String,
        secret: Bool = false,
        parser: SettingParser<Wrapped>,
        help: String
    ) where Value == Wrapped? {
        self.init(
            variable: variable,
            summary: help,
            isSecret: secret,
            parser: parser.map { (value: Wrapped) -> Wrapped? in value },
            fallback: .value(nil, shown: "unset")
        )
    }

    private init(variable: String, summary: String, isSecret: Bool, parser: SettingParser<Value>, fallback: Fallback) {
        self.variable = variable
        self.summary = summary
        self.isSecret = isSecret
        self.parser = parser
        self.fallback = fallback
    }

    /// The same setting with `defaultText` as its default (for defaults known only at run time:
    /// the service's own listen port, the instance name).
    public func defaulting(to defaultText: String) -> Self {
        Self(
            variable: self.variable,
            summary: self.summary,
            isSecret: self.isSecret,
            parser: self.parser,
            fallback: .text(defaultText)
        )
    }

    /// The flag's long name without dashes: `TILL_REDIS_URL` → `redis-url`.
    public var flag: String {
        let name = self.variable.hasPrefix("TILL_") ? self.variable.dropFirst(5) : Substring(self.variable)
        return String(name.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    /// The name to give the setting's `@Option`.
    public var optionName: NameSpecification {
        .customLong(self.flag)
    }

    /// The help to give the setting's `@Option`: the summary, the variable and the default.
    public var help: ArgumentHelp {
        let fallback: String
        switch self.fallback {
        case .text(let text): fallback = self.isSecret ? "has a default" : "default: \(text)"
        case .value(_, let shown): fallback = "default: \(shown)"
        case .required(let shown): fallback = shown.map { "default: \($0)" } ?? "required"
        }
        let secrecy = self.isSecret ? "; secret, prefer the variable: flags show in ps" : ""
        return ArgumentHelp(
            "\(self.summary) (env: \(self.variable); \(fallback)\(secrecy))",
            valueName: self.parser.valueName
        )
    }

    /// The setting's value: from `flag` if given, else from `environment`, else the default.
    ///
    /// - Throws: `ValidationError` with one line naming ``variable``.
    public func resolve(flag: String?, environment: [String: String]) throws(ValidationError) -> Value {
        let fromEnvironment = environment[self.variable].map(trimmingWhitespace).flatMap { $0.isEmpty ? nil : $0 }
        guard let text = flag.map(trimmingWhitespace) ?? fromEnvironment else {
            switch self.fallback {
            case .text(let text):
                return try self.parse(text)
            case .value(let value, _):
                return value
            case .required:
                throw ValidationError("\(self.variable): required, not set")
            }
        }
        return try self.parse(text)
    }

    private func parse(_ text: String) throws(ValidationError) -> Value {
        do {
            return try self.parser.parse(text)
        } catch {
            throw ValidationError("\(self.variable): \(self.describe(error, in: text))")
        }
    }

    /// The reason, with the offending text quoted when that is allowed; quoting escapes line breaks
    /// and quotes, so the error stays one line.
    private func describe(_ failure: SettingParseFailure, in text: String) -> String {
        guard failure.showsValue, !self.isSecret else { return failure.reason }
        var shown = self.parser.display(failure.offendingText ?? text)
        if shown.count > 100 {
            shown = String(shown.prefix(100)) + "…"
        }
        return "\(failure.reason), got \(shown.debugDescription)"
    }
}
