import Foundation
import Synchronization
import Testing
import TillTestSupport
import TillWire

/// Handshake rules on real loopback sockets (`WIRE.md`, "Handshake").
@Suite("Server handshake (live)")
struct ServerHandshakeLiveTests {
    private func expectRefusal(
        _ connection: RawWireConnection,
        code: WireErrorCode,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let frames = try await connection.receiveUntilClosed()
        #expect(frames.count == 1, "exactly one error frame, then close", sourceLocation: sourceLocation)
        #expect(frames.first?["id"] == .null, sourceLocation: sourceLocation)
        #expect(frames.first?["error"]?["code"]?.stringValue == code.rawValue, sourceLocation: sourceLocation)
    }

    @Test("a correct hello gets the welcome")
    func welcome() async throws {
        let server = try await TestServer.start()
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.sendHello()
        let welcome = try #require(try await connection.receive())
        #expect(welcome == ["type": "welcome", "version": 1, "server": "test-1", "max_frame": 1_048_576])
        await connection.close()
        try await server.stop()
    }

    @Test("a wrong mac is refused")
    func badMAC() async throws {
        let server = try await TestServer.start()
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.sendHello(key: "not-the-cluster-key-at-all")
        try await expectRefusal(connection, code: .unauthenticated)
        try await server.stop()
    }

    @Test("a stale or future ts is refused", arguments: [-31, 31, -3600, 86_400])
    func timestampWindow(offset: Int64) async throws {
        let now: Int64 = 1_764_000_000
        let server = try await TestServer.start { $0.unixTime = { now } }
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.sendHello(ts: now + offset)
        try await expectRefusal(connection, code: .unauthenticated)
        try await server.stop()
    }

    @Test("a ts within 30 s either way is accepted", arguments: [-30, 0, 30])
    func timestampTolerance(offset: Int64) async throws {
        let now: Int64 = 1_764_000_000
        let server = try await TestServer.start { $0.unixTime = { now } }
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.sendHello(ts: now + offset)
        #expect(try await connection.receive()?["type"] == "welcome")
        await connection.close()
        try await server.stop()
    }

    @Test("a nonce replayed to a second server sharing the nonce cache is refused")
    func replayAcrossReplicas() async throws {
        let shared = InMemoryNonceCache()
        let first = try await TestServer.start(nonceCache: shared)
        let second = try await TestServer.start(nonceCache: shared)
        let ts = Int64(Date().timeIntervalSince1970)
        let nonce = HandshakeSignature.makeNonce()

        let original = try await RawWireConnection.connect(port: first.port)
        try await original.sendHello(ts: ts, nonce: nonce)
        #expect(try await original.receive()?["type"] == "welcome")

        let replay = try await RawWireConnection.connect(port: second.port)
        try await replay.sendHello(ts: ts, nonce: nonce)
        try await expectRefusal(replay, code: .unauthenticated)

        await original.close()
        try await first.stop()
        try await second.stop()
    }

    @Test("a nonce cache that cannot answer refuses the hello as unavailable")
    func nonceCacheDown() async throws {
        struct Down: NonceCache {
            func claim(_ nonce: String, ttl: Duration) async throws -> Bool {
                struct RedisDown: Error {}
                throw RedisDown()
            }
        }
        let server = try await TestServer.start(nonceCache: Down())
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.sendHello()
        let frames = try await connection.receiveUntilClosed()
        #expect(frames.count == 1)
        #expect(frames.first?["error"]?["code"] == "unavailable")
        #expect(frames.first?["error"]?["retriable"] == true)
        try await server.stop()
    }

    @Test("a nonce cache that stalls refuses the hello as unavailable at the handshake timeout")
    func nonceCacheStalled() async throws {
        struct Stalled: NonceCache {
            func claim(_ nonce: String, ttl: Duration) async throws -> Bool {
                try await Task.sleep(for: .seconds(3600))
                return true
            }
        }
        // Long enough that the hello surely arrives first on a loaded machine; the nonce check then times out.
        let server = try await TestServer.start(nonceCache: Stalled()) { $0.handshakeTimeout = .seconds(2) }
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.sendHello()
        let frames = try await connection.receiveUntilClosed()
        #expect(frames.count == 1)
        #expect(frames.first?["error"]?["code"] == "unavailable")
        try await server.stop()
    }

    @Test("a request before the hello is refused")
    func requestBeforeHello() async throws {
        let server = try await TestServer.start()
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.send(#"{"id":1,"method":"test.echo","params":{"value":1}}"#)
        try await expectRefusal(connection, code: .unauthenticated)
        try await server.stop()
    }

    @Test("during a rotation either cluster key is accepted", arguments: [TestKeys.cluster, TestKeys.next])
    func rotation(key: String) async throws {
        let server = try await TestServer.start()
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.authenticate(key: key)
        try await connection.send(#"{"id":1,"method":"test.echo","params":{"value":5}}"#)
        #expect(try await connection.receive()?["result"]?["value"] == 5)
        await connection.close()
        try await server.stop()
    }

    @Test("a listed client calling outside its patterns gets forbidden; inside them it is served")
    func perClientPatterns() async throws {
        let server = try await TestServer.start()
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.authenticate(key: TestKeys.storefront, client: "storefront")
        try await connection.send(#"{"id":1,"method":"test.fail"}"#)
        let forbidden = try await connection.receive()
        #expect(forbidden?["id"] == 1)
        #expect(forbidden?["error"]?["code"] == "forbidden")
        try await connection.send(#"{"id":2,"method":"checkout.start","params":{"a":1}}"#)
        #expect(try await connection.receive()?["result"] == ["a": 1])
        try await connection.send(#"{"id":3,"method":"test.echo","params":{"value":3}}"#)
        #expect(try await connection.receive()?["result"]?["value"] == 3)
        await connection.close()
        try await server.stop()
    }

    @Test("a listed client must use its own key, not the cluster key or another client's")
    func listedClientWrongKey() async throws {
        let server = try await TestServer.start()
        for key in [TestKeys.cluster, TestKeys.ops] {
            let connection = try await RawWireConnection.connect(port: server.port)
            try await connection.sendHello(key: key, client: "storefront")
            try await expectRefusal(connection, code: .unauthenticated)
        }
        try await server.stop()
    }

    @Test("an unsupported version is refused")
    func unsupportedVersion() async throws {
        let server = try await TestServer.start()
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.sendHello(version: 2)
        try await expectRefusal(connection, code: .unsupportedVersion)
        try await server.stop()
    }

    @Test("malformed hellos are refused", arguments: ["bad client!", String(repeating: "c", count: 65)])
    func badClientName(client: String) async throws {
        let server = try await TestServer.start()
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.sendHello(client: client)
        try await expectRefusal(connection, code: .unauthenticated)
        try await server.stop()
    }

    @Test("nonces must be 16 to 64 hex characters", arguments: ["abc", "zz" + String(repeating: "0", count: 30), String(repeating: "a", count: 65)])
    func badNonce(nonce: String) async throws {
        let server = try await TestServer.start()
        let connection = try await RawWireConnection.connect(port: server.port)
        try await connection.sendHello(nonce: nonce)
        try await expectRefusal(connection, code: .unauthenticated)
        try await server.stop()
    }

    @Test("a connection without a hello is closed after the handshake timeout")
    func handshakeTimeout() async throws {
        let server = try await TestServer.start { $0.handshakeTimeout = .milliseconds(200) }
        // Timed from before the connect: the server's timer starts when it accepts.
        let started = ContinuousClock.now
        let connection = try await RawWireConnection.connect(port: server.port)
        let frames = try await connection.receiveUntilClosed()
        #expect(ContinuousClock.now - started >= .milliseconds(150))
        #expect(frames.first?["error"]?["code"] == "unauthenticated")
        try await server.stop()
    }

    @Test("connections beyond maxConnections are refused with overloaded")
    func connectionLimit() async throws {
        let server = try await TestServer.start { $0.maxConnections = 2 }
        let first = try await RawWireConnection.connect(port: server.port)
        try await first.authenticate()
        let second = try await RawWireConnection.connect(port: server.port)
        try await second.authenticate()
        let third = try await RawWireConnection.connect(port: server.port)
        try await expectRefusal(third, code: .overloaded)
        // The first two are unaffected.
        try await first.send(#"{"id":1,"method":"test.echo","params":{"value":1}}"#)
        #expect(try await first.receive()?["result"]?["value"] == 1)
        // Once one closes, a new connection is accepted again.
        await second.close()
        var accepted = false
        for _ in 0..<50 where !accepted {
            let retry = try await RawWireConnection.connect(port: server.port)
            try await retry.sendHello()
            accepted = try await retry.receive()?["type"] == "welcome"
            await retry.close()
            if !accepted { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(accepted)
        await first.close()
        try await server.stop()
    }
}
