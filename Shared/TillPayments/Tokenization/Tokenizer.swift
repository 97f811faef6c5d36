/// Exchanges card data for a token, so that nothing past the tokenization boundary sees a card
/// number. Gateways' hosted fields and vaults implement this; Till's services only ever receive
/// the token.
public protocol Tokenizer: Sendable {
    /// A token standing for `card`. The CVC may be forwarded for the first authorization but is
    /// never stored.
    func tokenize(_ card: CardDetails) async throws -> CardToken
    /// The card a token stands for (without CVC), or `nil` for an unknown token.
    func detokenize(_ token: CardToken) async throws -> CardDetails?
}
