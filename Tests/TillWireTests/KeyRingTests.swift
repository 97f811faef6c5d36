import Testing

@testable import TillWire

@Suite("Key ring")
struct KeyRingTests {
    private let key = "k-0123456789abcdef"
    private let other = "o-0123456789abcdef"

    @Test("one cluster key, or two during a rotation; the first signs")
    func clusterKeys() throws {
        let single = try KeyRing(clusterKey: key)
        #expect(single.clusterKeys == [SecretKey(key)])
        #expect(single.signingKey == SecretKey(key))
        let rotating = try KeyRing(clusterKey: " \(key) , \(other) ")
        #expect(rotating.clusterKeys == [SecretKey(key), SecretKey(other)])
        #expect(rotating.signingKey == SecretKey(key))
    }

    @Test("client keys: name to the first '=', key to the last ':', comma-separated patterns")
    func clientKeys() throws {
        let ring = try KeyRing(
            clusterKey: key,
            clientKeys: "storefront=sf:key:with:colons-0123:checkout.*,inventory.get ; ops=\(other):*;"
        )
        let storefront = try #require(ring.clientKeys["storefront"])
        #expect(storefront.key == SecretKey("sf:key:with:colons-0123"))
        #expect(storefront.patterns.map(\.description) == ["checkout.*", "inventory.get"])
        #expect(ring.clientKeys["ops"]?.patterns.map(\.description) == ["*"])
    }

    @Test("method patterns: exact, suffix glob, everything")
    func patterns() throws {
        let checkout = try #require(MethodPattern("checkout.*"))
        #expect(checkout.matches("checkout.start"))
        #expect(checkout.matches("checkout.saga.get"))
        #expect(!checkout.matches("checkoutx.start"))
        #expect(!checkout.matches("payments.authorize"))
        let exact = try #require(MethodPattern("inventory.get"))
        #expect(exact.matches("inventory.get"))
        #expect(!exact.matches("inventory.get.all"))
        #expect(try #require(MethodPattern("*")).matches("anything.at.all"))
        for invalid in ["", "check*out", "*.start", "a b", "**"] {
            #expect(MethodPattern(invalid) == nil, "\(invalid)")
        }
    }

    @Test(
        "configuration errors name the variable and never the key",
        arguments: [
            ("", nil, KeyRing.clusterKeyVariable),
            ("short", nil, KeyRing.clusterKeyVariable),
            ("k-0123456789abcdef,", nil, KeyRing.clusterKeyVariable),
            ("a-0123456789abcdef,b-0123456789abcdef,c-0123456789abcdef", nil, KeyRing.clusterKeyVariable),
            ("k-0123456789abcdef", "storefront", KeyRing.clientKeysVariable),
            ("k-0123456789abcdef", "storefront=secret-key-value-123456", KeyRing.clientKeysVariable),
            ("k-0123456789abcdef", "storefront=:checkout.*", KeyRing.clientKeysVariable),
            ("k-0123456789abcdef", "storefront=secret-key-value-123456:", KeyRing.clientKeysVariable),
            ("k-0123456789abcdef", "storefront=secret-key-value-123456:check*out", KeyRing.clientKeysVariable),
            ("k-0123456789abcdef", "store front=secret-key-value-123456:*", KeyRing.clientKeysVariable),
            ("k-0123456789abcdef", "a=secret-key-value-123456:*;a=secret-key-value-123456:*", KeyRing.clientKeysVariable),
            ("k-0123456789abcdef", "a=tiny-secret:*", KeyRing.clientKeysVariable),
        ] as [(String, String?, String)]
    )
    func errors(cluster: String, clients: String?, variable: String) {
        do {
            _ = try KeyRing(clusterKey: cluster, clientKeys: clients)
            Issue.record("accepted \(cluster) / \(clients ?? "-")")
        } catch {
            #expect(error.variable == variable)
            #expect(error.description.hasPrefix(variable))
            for secret in ["secret-key-value-123456", "tiny-secret", "k-0123456789abcdef", "short"] {
                #expect(!error.description.contains(secret), "\(error.description)")
            }
        }
    }

    @Test("the environment is read, and a missing cluster key is an error")
    func environment() throws {
        let ring = try KeyRing(environment: ["TILL_CLUSTER_KEY": key, "TILL_CLIENT_KEYS": "ops=\(other):*"])
        #expect(ring.clientKeys.keys.sorted() == ["ops"])
        #expect(throws: KeyRingError(KeyRing.clusterKeyVariable, "is required")) {
            try KeyRing(environment: [:])
        }
    }

    @Test("descriptions never contain keys")
    func descriptions() throws {
        let ring = try KeyRing(clusterKey: key, clientKeys: "ops=\(other):*")
        for text in [ring.description, "\(ring.signingKey)", String(reflecting: ring.signingKey), "\(ring.clientKeys)"] {
            #expect(!text.contains(key))
            #expect(!text.contains(other))
        }
    }
}

@Suite("Handshake verification")
struct HandshakeVerifierTests {
    private let now: Int64 = 1_764_000_000
    private let nonce = "0123456789abcdef0123456789abcdef"

    private func verifier() throws -> HandshakeVerifier {
        HandshakeVerifier(keyRing: try TestKeys.keyRing(), unixTime: { [now] in now })
    }

    private func hello(key: String = TestKeys.cluster, client: String = "orchestrator-1", ts: Int64? = nil, nonce: String? = nil) -> Hello {
        let ts = ts ?? now
        let nonce = nonce ?? self.nonce
        return Hello(client: client, ts: ts, nonce: nonce, mac: HandshakeSignature.mac(key: SecretKey(key), client: client, ts: ts, nonce: nonce))
    }

    @Test("the MAC is HMAC-SHA256 over till-v1|client|ts|nonce, lowercase hex")
    func knownMAC() {
        // Computed independently: printf 'till-v1|orchestrator-1|1764000000|9f1c9f1c9f1c9f1c' | openssl dgst -sha256 -hmac 'cluster-key-0123456789abcdef'
        let mac = HandshakeSignature.mac(key: SecretKey("cluster-key-0123456789abcdef"), client: "orchestrator-1", ts: 1_764_000_000, nonce: "9f1c9f1c9f1c9f1c")
        #expect(mac == KnownAnswers.handshakeMAC)
    }

    @Test("a correct hello authenticates with the key's permissions")
    func valid() throws {
        let verifier = try verifier()
        #expect(try verifier.verify(hello()).get() == ClientIdentity(name: "orchestrator-1", permissions: .all))
        #expect(try verifier.verify(hello(key: TestKeys.next)).get().permissions == .all)
        let storefront = try verifier.verify(hello(key: TestKeys.storefront, client: "storefront")).get()
        #expect(storefront.permissions.allows("checkout.start"))
        #expect(!storefront.permissions.allows("payments.capture"))
        // Upper-case hex is the same MAC.
        var upper = hello()
        upper.mac = upper.mac.uppercased()
        #expect(throws: Never.self) { try verifier.verify(upper).get() }
    }

    @Test("the ts window is ±30 s inclusive")
    func window() throws {
        let verifier = try verifier()
        for offset: Int64 in [-30, 30] {
            #expect(throws: Never.self) { try verifier.verify(hello(ts: now + offset)).get() }
        }
        for offset: Int64 in [-31, 31, .min / 2] {
            #expect(throws: WireError.self) { try verifier.verify(hello(ts: now + offset)).get() }
        }
        #expect(throws: WireError.self) { try verifier.verify(hello(ts: .min)).get() }
        #expect(verifier.nonceTTL == .seconds(60))
    }

    @Test("wrong keys, tampered fields and malformed values are refused")
    func refusals() throws {
        let verifier = try verifier()
        var tampered = hello()
        tampered.client = "orchestrator-2"
        let cases: [Hello] = [
            hello(key: "some-other-key-0123456789"),
            hello(key: TestKeys.cluster, client: "storefront"),
            hello(key: TestKeys.ops, client: "storefront"),
            tampered,
            hello(nonce: "abc"),
            hello(nonce: String(repeating: "g", count: 32)),
            hello(client: ""),
            Hello(client: "c", ts: now, nonce: nonce, mac: "not-hex"),
        ]
        for hello in cases {
            guard case .failure(let error) = verifier.verify(hello) else {
                Issue.record("accepted \(hello)")
                continue
            }
            #expect(error.code == .unauthenticated)
        }
    }
}

@Suite("In-memory nonce cache")
struct InMemoryNonceCacheTests {
    @Test("a nonce is claimed once within its ttl, and again after it")
    func claims() async throws {
        let cache = InMemoryNonceCache()
        #expect(try await cache.claim("a", ttl: .milliseconds(100)))
        #expect(try await !cache.claim("a", ttl: .milliseconds(100)))
        #expect(try await cache.claim("b", ttl: .seconds(60)))
        try await Task.sleep(for: .milliseconds(150))
        #expect(try await cache.claim("a", ttl: .milliseconds(100)))
        #expect(try await !cache.claim("b", ttl: .seconds(60)))
    }

    @Test("expired nonces are forgotten")
    func pruning() async throws {
        let cache = InMemoryNonceCache()
        for index in 0..<2000 { _ = try await cache.claim("n\(index)", ttl: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(30))
        _ = try await cache.claim("fresh", ttl: .seconds(60))
        #expect(cache.count == 1)
    }
}

/// Values computed outside Swift (with `openssl dgst`), so the tests do not check the code against itself.
enum KnownAnswers {
    static let handshakeMAC = "9d7d416e3b584624f51a174c41aa72e039943826c9d9c6e588399c796efcf464"
}
