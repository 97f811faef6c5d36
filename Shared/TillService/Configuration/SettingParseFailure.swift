/// Why a setting's text could not be parsed, phrased to follow `TILL_X: `.
///
/// ``Setting`` turns it into the one-line error: the reason, then — unless the setting is secret or
/// the failure says the value must not be shown — `, got "<value>"`.
public struct SettingParseFailure: Error, Sendable, Hashable {
    /// What was wrong, e.g. `expected host:port`.
    public var reason: String
    /// Whether the error line may quote the offending text (never for secrets, whatever this says).
    public var showsValue: Bool
    /// The part of the value to quote instead of the whole (one bad element of a list).
    public var offendingText: String?

    /// A failure whose line quotes the value: `expected <what>, got "<value>"`.
    public static func expected(_ what: String, offendingText: String? = nil) -> Self {
        Self(reason: "expected \(what)", showsValue: true, offendingText: offendingText)
    }

    /// A failure whose line states `reason` alone, e.g. `must be at least 16 characters`.
    public static func invalid(_ reason: String) -> Self {
        Self(reason: reason, showsValue: false, offendingText: nil)
    }
}
