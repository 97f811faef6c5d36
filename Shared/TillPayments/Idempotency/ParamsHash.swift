import TillCrypto
import TillWire

/// The idempotency hash of a request's parameters: lowercase hex SHA-256 of the canonical JSON
/// (``CanonicalJSON``) of the documented parameters only (``DocumentedParams``).
public enum ParamsHash {
    /// The hash of `params` restricted to `documented`.
    public static func compute(_ params: JSONValue, documented: DocumentedParams) -> String {
        Hex.encode(Digest.sha256(CanonicalJSON.encode(documented.select(from: params))))
    }
}
