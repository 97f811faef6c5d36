/// An ISO 4217 currency with its minor-unit exponent (USD 2, JPY 0, KWD 3).
///
/// Only codes in ``Currency/isoTable`` exist: an amount in an unknown currency cannot be converted
/// between major and minor units, so it is refused where it enters (`bad_request`) rather than
/// guessed at. The value is four bytes (the code packed with its exponent), so ledgers and
/// settlement reports of a million rows stay compact.
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The three ASCII letters packed big-endian into the low 24 bits; the exponent in the top 8.
    private let packed: UInt32

    /// The currency with ISO code `code` (three uppercase letters), or `nil` if ISO 4217 has no
    /// such active currency with a minor unit.
    public init?(_ code: some StringProtocol) {
        guard let key = Currency.pack(code), let exponent = Currency.exponents[key] else { return nil }
        packed = key | UInt32(exponent) << 24
    }

    /// The currency with ISO code `code`, or `bad_request` naming `field`.
    public static func require(_ code: some StringProtocol, field: String = "currency") throws(PaymentError) -> Currency {
        guard let currency = Currency(code) else {
            throw .badRequest(field: field, "unknown currency")
        }
        return currency
    }

    /// The ISO code, e.g. `USD`.
    public var code: String {
        let bytes = [UInt8(truncatingIfNeeded: packed >> 16), UInt8(truncatingIfNeeded: packed >> 8), UInt8(truncatingIfNeeded: packed)]
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Digits after the decimal point of the major unit: minor units per major unit are 10^exponent.
    public var exponent: Int { Int(packed >> 24) }

    /// Minor units per major unit (`100` for USD, `1` for JPY, `1000` for KWD).
    public var minorUnitsPerMajorUnit: Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    public var description: String { code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let code = try container.decode(String.self)
        guard let currency = Currency(code) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown currency")
        }
        self = currency
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    private static func pack(_ code: some StringProtocol) -> UInt32? {
        var key: UInt32 = 0
        var count = 0
        for byte in code.utf8 {
            guard count < 3, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") else { return nil }
            key = key << 8 | UInt32(byte)
            count += 1
        }
        return count == 3 ? key : nil
    }

    private static let exponents: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        for (exponent, codes) in isoTable {
            for code in codes.split(separator: " ") {
                if let key = pack(code) { table[key] = UInt8(exponent) }
            }
        }
        return table
    }()
}

extension Currency {
    /// US dollar (2).
    public static let usd = Currency.known("USD")
    /// Euro (2).
    public static let eur = Currency.known("EUR")
    /// Pound sterling (2).
    public static let gbp = Currency.known("GBP")
    /// Japanese yen (0).
    public static let jpy = Currency.known("JPY")
    /// South Korean won (0).
    public static let krw = Currency.known("KRW")
    /// Kuwaiti dinar (3).
    public static let kwd = Currency.known("KWD")
    /// Bahraini dinar (3).
    public static let bhd = Currency.known("BHD")

    private static func known(_ code: String) -> Currency {
        guard let currency = Currency(code) else { preconditionFailure("\(code) is in the ISO table") }
        return currency
    }
}
