/// One fraud check. Rules are asynchronous so that those counting or looking up state in Redis
/// (blocklist, velocity) fit the same shape as the pure ones.
public protocol FraudRule: Sendable {
    /// The rule's name as reported in verdicts, e.g. `high_amount`.
    var name: String { get }
    /// When the rule runs.
    var phase: FraudPhase { get }
    /// Judges `context`.
    ///
    /// - Throws: `unavailable` when the rule's store cannot be reached: the payment is refused
    ///   rather than screened by fewer rules than configured.
    func evaluate(_ context: FraudContext) async throws(PaymentError) -> FraudVerdict
}
