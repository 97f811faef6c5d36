import TillObservability

/// Replaces the word `secret` and the test card number, the way the real PCI redactor replaces
/// card data; enough to see that a value went through redaction.
struct TestRedactor: LogRedactor {
    static let card = "4111111111111111"

    func redact(_ text: String) -> String {
        text.replacing("secret", with: "[REDACTED]").replacing(Self.card, with: "************1111")
    }
}
