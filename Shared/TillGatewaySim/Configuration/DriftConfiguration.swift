/// Which settlement report rows the simulator falsifies, for reconciliation demos and tests
/// (`TILL_GATEWAY_DRIFT`, e.g. `omit=0.01,amount=0.01,status=0.01,seed=7`).
///
/// Each payment draws one number in `[0, 1)` from a hash of its id and ``seed``; the first
/// `omit` of that interval drops the row, the next `amount` adds ``amountDelta`` to its amount, the
/// next `status` reports a different state. The draw depends on nothing else, so a row drifts the
/// same way on every page and every request, and ``kind(for:)`` tells a test exactly which rows do.
public struct DriftConfiguration: Sendable, Hashable {
    /// How a row is falsified.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The row is missing from the report.
        case omit
        /// The row's amount is off by ``DriftConfiguration/amountDelta``.
        case amount
        /// The row reports another state.
        case status
    }

    /// What an `amount` drift adds, in minor units.
    public static let amountDelta: Int64 = 100

    /// Share of rows left out.
    public var omit: Double
    /// Share of rows with a wrong amount.
    public var amount: Double
    /// Share of rows with a wrong state.
    public var status: Double
    /// Mixed into the hash: another seed picks other rows.
    public var seed: UInt64

    /// No drift.
    public static let none = DriftConfiguration(checkedOmit: 0, amount: 0, status: 0, seed: 0)

    /// Creates a configuration; the shares must be within `0...1` and add up to at most 1.
    public init?(omit: Double, amount: Double, status: Double, seed: UInt64) {
        let shares = [omit, amount, status]
        guard shares.allSatisfy({ $0.isFinite && (0...1).contains($0) }), shares.reduce(0, +) <= 1 + 1e-9 else { return nil }
        self.init(checkedOmit: omit, amount: amount, status: status, seed: seed)
    }

    private init(checkedOmit omit: Double, amount: Double, status: Double, seed: UInt64) {
        self.omit = omit
        self.amount = amount
        self.status = status
        self.seed = seed
    }

    /// Parses `kind=share,…[,seed=n]` (`none` or empty for no drift); `nil` if malformed.
    public init?(parsing text: some StringProtocol) {
        var omit = 0.0
        var amount = 0.0
        var status = 0.0
        var seed: UInt64 = 0
        let trimmed = text.split(separator: " ").joined()
        guard trimmed != "none", !trimmed.isEmpty else {
            self = .none
            return
        }
        for item in trimmed.split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { return nil }
            if pair[0] == "seed" {
                guard let value = UInt64(pair[1]) else { return nil }
                seed = value
                continue
            }
            guard let share = Double(pair[1]) else { return nil }
            switch Kind(rawValue: String(pair[0])) {
            case .omit: omit = share
            case .amount: amount = share
            case .status: status = share
            case nil: return nil
            }
        }
        self.init(omit: omit, amount: amount, status: status, seed: seed)
    }

    /// Whether no row ever drifts.
    public var isNone: Bool { omit == 0 && amount == 0 && status == 0 }

    /// How the row of `paymentID` is falsified, if at all.
    public func kind(for paymentID: String) -> Kind? {
        guard !isNone else { return nil }
        let draw = Self.unitInterval(Self.hash(paymentID, seed: seed))
        if draw < omit { return .omit }
        if draw < omit + amount { return .amount }
        if draw < omit + amount + status { return .status }
        return nil
    }

    /// FNV-1a over the id's bytes, then a SplitMix64 finaliser so nearby ids spread out.
    private static func hash(_ text: String, seed: UInt64) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 31)
    }

    /// The top 53 bits as a fraction in `[0, 1)`.
    private static func unitInterval(_ value: UInt64) -> Double {
        Double(value >> 11) / Double(UInt64(1) << 53)
    }
}
