import TillCrypto

/// Checks a hello against the key ring and the clock; the nonce check (async, shared) comes after.
struct HandshakeVerifier: Sendable {
    let keyRing: KeyRing
    /// The server's wall clock, in Unix seconds (injectable for tests).
    let unixTime: @Sendable () -> Int64
    let tolerance: Int64

    init(keyRing: KeyRing, unixTime: @escaping @Sendable () -> Int64, tolerance: Int64 = WireProtocol.timestampTolerance) {
        self.keyRing = keyRing
        self.unixTime = unixTime
        self.tolerance = tolerance
    }

    /// How long a nonce must be remembered: a `ts` stays acceptable for the whole ±tolerance window.
    var nonceTTL: Duration { .seconds(2 * tolerance) }

    /// The client's identity if the hello is well-formed, fresh and correctly signed.
    func verify(_ hello: Hello) -> Result<ClientIdentity, WireError> {
        guard ClientName.isValid(hello.client) else {
            return .failure(WireError(.unauthenticated, "hello.client must be 1 to 64 characters of [A-Za-z0-9_.:-]"))
        }
        guard (16...64).contains(hello.nonce.utf8.count), hello.nonce.utf8.allSatisfy({ JSONText.hexValue($0) != nil }) else {
            return .failure(WireError(.unauthenticated, "hello.nonce must be 16 to 64 hex characters"))
        }
        let now = unixTime()
        let (skew, overflow) = now.subtractingReportingOverflow(hello.ts)
        guard !overflow, skew.magnitude <= tolerance.magnitude else {
            return .failure(WireError(.unauthenticated, "hello.ts is more than \(tolerance) s from the server clock"))
        }
        let message = HandshakeSignature.message(client: hello.client, ts: hello.ts, nonce: hello.nonce)
        guard let mac = Hex.decodeMAC(hello.mac),
            let permissions = keyRing.authenticate(client: hello.client, message: message, mac: mac)
        else {
            return .failure(WireError(.unauthenticated, "hello.mac does not verify"))
        }
        return .success(ClientIdentity(name: hello.client, permissions: permissions))
    }
}

/// An authenticated peer.
struct ClientIdentity: Sendable, Hashable {
    var name: String
    var permissions: ClientPermissions
}

extension Hex {
    /// A 32-byte MAC from 64 hex characters, or `nil`.
    fileprivate static func decodeMAC(_ text: String) -> [UInt8]? {
        guard text.utf8.count == 64 else { return nil }
        return decode(text)
    }
}
