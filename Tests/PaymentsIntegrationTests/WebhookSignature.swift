import TillCrypto

/// What a gateway puts in `Stripe-Signature`'s `v1`.
enum WebhookSignature {
    static func hex(secret: String, payload: [UInt8]) -> String {
        Hex.encode(Digest.hmacSHA256(key: Array(secret.utf8), message: payload))
    }
}
