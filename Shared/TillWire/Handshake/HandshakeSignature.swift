import TillCrypto

/// The handshake MAC: lowercase hex of HMAC-SHA256(key, `"till-v1|" + client + "|" + ts + "|" + nonce`).
public enum HandshakeSignature {
    /// The message the MAC covers.
    static func message(client: String, ts: Int64, nonce: String) -> [UInt8] {
        Array("till-v1|\(client)|\(ts)|\(nonce)".utf8)
    }

    /// The MAC of a hello, as the client sends it.
    public static func mac(key: SecretKey, client: String, ts: Int64, nonce: String) -> String {
        Hex.encode(Digest.hmacSHA256(key: key.bytes, message: message(client: client, ts: ts, nonce: nonce)))
    }

    /// Whether `mac` (hex) is the MAC of the hello under `key`; compared in constant time.
    static func verify(mac: [UInt8], key: SecretKey, message: [UInt8]) -> Bool {
        Digest.constantTimeEquals(Digest.hmacSHA256(key: key.bytes, message: message), mac)
    }

    /// A fresh random nonce: 16 random bytes as 32 lowercase hex characters.
    public static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
