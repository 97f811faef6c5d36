@testable import TillWire

/// The keys and the clock of the fuzzed server, and the correctly signed hellos the harness sends.
enum FuzzKeys {
    static let cluster = "fuzz-cluster-key-0123456789abcdef"
    static let storefront = "fuzz-storefront-key-0123456789ab"
    /// The per-client key may call only these; the cluster key may call everything.
    static let storefrontPatterns = "fuzz.echo,fuzz.t*"
    /// The server's (fixed) wall clock, so that a hello in the corpus stays valid.
    static let now: Int64 = 1_764_000_000

    static let ring: KeyRing = {
        do {
            return try KeyRing(clusterKey: cluster, clientKeys: "storefront=\(storefront):\(storefrontPatterns)")
        } catch {
            preconditionFailure("the fuzz key ring is invalid: \(error)")
        }
    }()

    /// A hello frame (length prefix included) signed with the cluster key, or the per-client key.
    static func helloFrame(limited: Bool) -> [UInt8] {
        let client = limited ? "storefront" : "fuzz-client"
        let key = SecretKey(limited ? storefront : cluster)
        // Fixed: each input gets a fresh nonce cache, and a fixed input must behave the same every run.
        let nonce = "00112233445566778899aabbccddeeff"
        let mac = HandshakeSignature.mac(key: key, client: client, ts: now, nonce: nonce)
        let body = Array(
            #"{"type":"hello","version":1,"client":"\#(client)","ts":\#(now),"nonce":"\#(nonce)","mac":"\#(mac)"}"#.utf8
        )
        return FuzzInput.lengthPrefix(body.count) + body
    }
}
