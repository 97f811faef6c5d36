import Synchronization
import TillCrypto

/// A tokenizer that keeps cards in process memory: for tests and local demos only (it is a vault
/// that forgets everything on restart). Tokens are `tok_` and 24 random hex digits; the CVC is
/// dropped before storing, as a real vault must.
public final class InMemoryTokenizer: Tokenizer {
    private let vault = Mutex<[String: CardDetails]>([:])

    /// An empty vault.
    public init() {}

    public func tokenize(_ card: CardDetails) async throws -> CardToken {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<12).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let token = "tok_" + Hex.encode(random)
        vault.withLock { $0[token] = card.withoutCVC }
        return CardToken(rawValue: token)
    }

    public func detokenize(_ token: CardToken) async throws -> CardDetails? {
        vault.withLock { $0[token.rawValue] }
    }
}
