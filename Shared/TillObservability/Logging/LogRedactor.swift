/// Removes secrets and personal data from text before it is logged.
///
/// The logging bootstrap wraps every log handler in one that applies a `LogRedactor` to the message
/// and to every metadata value, so no service can log around it.
public protocol LogRedactor: Sendable {
    /// `text` with everything sensitive replaced; text with nothing sensitive comes back unchanged.
    func redact(_ text: String) -> String
}
