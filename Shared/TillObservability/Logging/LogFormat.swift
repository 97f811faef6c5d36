/// How log lines are rendered on standard error.
public enum LogFormat: String, CaseIterable, Sendable, Hashable {
    /// One JSON object per line, for log shippers (the production default).
    case json
    /// A compact human-readable line, for a developer's terminal.
    case text
}
