/// Mints the gateway's ids (`auth_…`, `re_…`, `evt_…`): a per-process random prefix, so ids of two
/// simulator runs never collide, and a counter, so minting costs no randomness.
struct IdentifierGenerator: Sendable {
    private let prefix: String
    private var counter: UInt64 = 0

    init(using generator: inout some RandomNumberGenerator) {
        prefix = String(UInt32.random(in: 0x1000_0000...UInt32.max, using: &generator), radix: 16)
    }

    /// The next id of `kind` (`auth`, `re`, `evt`).
    mutating func next(_ kind: StaticString) -> String {
        counter += 1
        return "\(kind)_\(prefix)\(String(counter, radix: 16))"
    }
}
