import TillCrypto
import TillResilience

/// Verifies gateway webhooks signed Stripe-style (`DESIGN.md`, "Webhooks").
///
/// The signature is HMAC-SHA256(secret, `"<t>.<raw body bytes>"`), hex in a `v1` value. Several
/// secrets may be configured while one is being rotated; a webhook is authentic if any `v1` value
/// equals the HMAC under any secret (compared in constant time). The timestamp must be within
/// ``toleranceSeconds`` of now in either direction, so a captured webhook cannot be replayed later
/// (event-id dedup then stops replays inside the window). The timestamp is checked first: it is
/// free, and a stale webhook is refused whatever its signature.
///
/// Verify the body exactly as received, before any JSON parsing: one re-serialised byte breaks it.
public struct WebhookVerifier: Sendable {
    /// How far `t` may be from now, in seconds.
    public let toleranceSeconds: Int64
    private let secrets: [[UInt8]]

    /// A verifier accepting signatures under any of `secrets` (UTF-8 bytes of each string).
    public init(secrets: [String], toleranceSeconds: Int64 = 300) {
        precondition(!secrets.isEmpty, "a webhook verifier needs at least one secret")
        precondition(toleranceSeconds >= 0, "the tolerance cannot be negative")
        self.secrets = secrets.map { Array($0.utf8) }
        self.toleranceSeconds = toleranceSeconds
    }

    /// Verifies `body` against the `Stripe-Signature` header value `header` at `now` (Unix seconds).
    ///
    /// - Returns: The parsed header (its `timestamp` is the signed send time).
    /// - Throws: ``WebhookVerificationError``.
    @discardableResult
    public func verify(
        body: some Collection<UInt8>,
        header: String?,
        now: Int64 = UnixClock.nowSeconds()
    ) throws(WebhookVerificationError) -> WebhookSignatureHeader {
        guard let header else { throw .missingHeader }
        let parsed = try WebhookSignatureHeader(parsing: header)
        let (skew, overflow) = now.subtractingReportingOverflow(parsed.timestamp)
        guard !overflow, skew.magnitude <= toleranceSeconds.magnitude else { throw .timestampOutsideTolerance }

        var payload: [UInt8] = []
        payload.reserveCapacity(parsed.timestampText.utf8.count + 1 + body.count)
        payload.append(contentsOf: parsed.timestampText.utf8)
        payload.append(UInt8(ascii: "."))
        payload.append(contentsOf: body)

        for secret in secrets {
            let expected = Digest.hmacSHA256(key: secret, message: payload)
            for signature in parsed.signatures where Digest.constantTimeEquals(expected, signature) {
                return parsed
            }
        }
        throw .noMatchingSignature
    }

    /// The `v1` signature (lowercase hex) of `body` sent at `timestamp` under `secret`: what a
    /// gateway (or the bundled simulator) puts in the header.
    public static func signature(body: some Collection<UInt8>, timestamp: Int64, secret: String) -> String {
        var payload = Array("\(timestamp).".utf8)
        payload.append(contentsOf: body)
        return Hex.encode(Digest.hmacSHA256(key: Array(secret.utf8), message: payload))
    }
}
