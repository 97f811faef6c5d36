/// Removes card data and minimises personal data in log text (`DESIGN.md`, "PCI redaction").
///
/// - **Card numbers**: 13–19 digits, optionally with single spaces or dashes between digits, that
///   pass the Luhn check become `************` followed by the last four digits. Separated digit
///   groups are tried as one number from each group's start, preferring the longest valid one, so
///   `4111 1111 1111 1111 12/29` loses the number but keeps the expiry.
/// - **CVV/CVC**: a 3–4 digit value labelled `cvv`, `cvc`, `cvv2` or `cvc2` (any case; `cvv: 999`,
///   `CVC=123`, `"cvc":"123"`) becomes `[REDACTED_CVV]`; the label stays.
/// - **Track data**: track 1 (`%B<pan>^<name>^<data>?`) and track 2 (`;<pan>=<data>?`, or a valid
///   card number directly followed by `=` and at least four digits) become `[REDACTED_TRACK]`.
/// - **E-mail addresses** keep their first character and domain: `b***@example.com`.
/// - **IPv4 addresses** are cut to their /24: `203.0.113.x`.
///
/// Brands, expiry dates, a lone last four, digit runs that fail Luhn, dates and ids stay as they
/// are. Because separators may stand between any digits, several short numbers separated by
/// single spaces (`2025-11-22 2025-11-23`) are read as one candidate and redacted in the one case
/// in ten where their digits happen to pass Luhn: for log redaction a false positive costs
/// less than a leaked card number.
///
/// The text is scanned once as UTF-8 bytes without a regex engine; text without a digit or `@`
/// is returned as is without allocating, and so is text in which nothing was found.
public struct Redactor: LogRedactor {
    /// Whether e-mail addresses are masked.
    public var masksEmailAddresses: Bool
    /// Whether IPv4 addresses are cut to their /24.
    public var masksIPv4Addresses: Bool

    /// Creates a redactor; by default it minimises e-mail and IP addresses too.
    public init(masksEmailAddresses: Bool = true, masksIPv4Addresses: Bool = true) {
        self.masksEmailAddresses = masksEmailAddresses
        self.masksIPv4Addresses = masksIPv4Addresses
    }

    public func redact(_ text: String) -> String {
        if let result = text.utf8.withContiguousStorageIfAvailable({ redact(bytes: $0) }) {
            return result.map { String(decoding: $0, as: UTF8.self) } ?? text
        }
        var contiguous = text
        contiguous.makeContiguousUTF8()
        return redact(contiguous)
    }

    /// The redacted bytes, or `nil` if nothing in `bytes` needs redacting.
    func redact(bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var scanner = RedactionScanner(input: bytes, masksEmailAddresses: masksEmailAddresses, masksIPv4Addresses: masksIPv4Addresses)
        return scanner.run()
    }
}
