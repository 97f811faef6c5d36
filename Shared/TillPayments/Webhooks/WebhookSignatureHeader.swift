import TillCrypto

/// A parsed `Stripe-Signature` header: `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`.
///
/// Items are comma-separated `key=value` pairs; spaces and tabs around items are ignored, as are
/// empty items and schemes other than `t` and `v1` (`v0`, future schemes). Exactly one `t` and at
/// least one `v1` are required.
///
/// Limits, so that a hostile header costs little: at most ``maximumLength`` bytes, and at most
/// ``maximumSignatures`` `v1` values — a header with more is refused as malformed rather than
/// checked, since each value costs a comparison per secret and two secrets (rotation) times a few
/// values is all a legitimate sender needs.
public struct WebhookSignatureHeader: Sendable, Hashable {
    /// Headers longer than this are refused.
    public static let maximumLength = 4_096
    /// Headers with more `v1` values than this are refused.
    public static let maximumSignatures = 8

    /// `t` exactly as sent (ASCII digits); the signed payload starts with these bytes.
    public let timestampText: String
    /// `t` as a number.
    public let timestamp: Int64
    /// The decoded `v1` values. A value that is not 64 hex digits cannot match and is dropped.
    public let signatures: [[UInt8]]

    /// Parses `header`.
    public init(parsing header: some StringProtocol) throws(WebhookVerificationError) {
        guard header.utf8.count <= Self.maximumLength else { throw .malformedHeader("too long") }
        var timestampText: Substring?
        var signatures: [[UInt8]] = []
        var v1Count = 0
        for rawItem in header.split(separator: ",", omittingEmptySubsequences: false) {
            let item = Self.trimmed(Substring(rawItem))
            if item.isEmpty { continue }
            guard let equals = item.firstIndex(of: "=") else { throw .malformedHeader("item without '='") }
            let key = item[..<equals]
            let value = item[item.index(after: equals)...]
            switch key {
            case "t":
                guard timestampText == nil else { throw .malformedHeader("more than one t") }
                timestampText = value
            case "v1":
                v1Count += 1
                guard v1Count <= Self.maximumSignatures else { throw .malformedHeader("too many v1 values") }
                if value.utf8.count == 64, let bytes = Hex.decode(value) { signatures.append(bytes) }
            default:
                continue
            }
        }
        guard let timestampText else { throw .malformedHeader("no t") }
        guard !timestampText.isEmpty, timestampText.utf8.count <= 18,
            timestampText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let timestamp = Int64(timestampText)
        else { throw .malformedHeader("t is not a Unix timestamp") }
        guard v1Count > 0 else { throw .malformedHeader("no v1") }
        self.timestampText = String(timestampText)
        self.timestamp = timestamp
        self.signatures = signatures
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
