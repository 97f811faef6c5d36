import Foundation
import Testing
import TillTestSupport
import TillWire

/// Every malformed framing class of WIRE.md, sent after a valid hello to every executable: the
/// specified error, the attacker's connection closed, a bystander connection opened before the
/// attack still served, and the process still answering ping afterwards.
@Suite("malformed frames against every executable", .timeLimit(.minutes(3)))
struct MalformedFrameTests {
    /// One attack: the bytes sent after the hello, the error code expected back (`nil`: any answer
    /// or none, e.g. when the attacker closes first), and whether the server must close.
    struct Attack: Sendable, CustomStringConvertible {
        var description: String
        var bytes: @Sendable (_ service: String) -> [UInt8]
        var expected: WireErrorCode?
        var closesConnection: Bool
        var attackerCloses = false
    }

    static let frameLimit = 1_048_576

    static let attacks: [Attack] = [
        Attack(description: "oversize length prefix", bytes: { _ in [0x7F, 0xFF, 0xFF, 0xFF] }, expected: .frameTooLarge, closesConnection: true),
        Attack(
            description: "length one above the limit", bytes: { _ in RawWireConnection.lengthPrefix(MalformedFrameTests.frameLimit + 1) }, expected: .frameTooLarge,
            closesConnection: true
        ),
        Attack(description: "zero length", bytes: { _ in [0, 0, 0, 0] }, expected: .invalidJSON, closesConnection: true),
        Attack(
            description: "truncated frame, then close", bytes: { _ in RawWireConnection.lengthPrefix(100) + Array(#"{"id":1,"me"#.utf8) },
            expected: nil, closesConnection: false, attackerCloses: true
        ),
        Attack(
            description: "invalid UTF-8", bytes: { _ in RawWireConnection.frame([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]) },
            expected: .invalidJSON, closesConnection: true
        ),
        Attack(
            description: "not JSON", bytes: { _ in RawWireConnection.frame(Array("hello there".utf8)) }, expected: .invalidJSON, closesConnection: true
        ),
        Attack(description: "a JSON array", bytes: { _ in RawWireConnection.frame(Array("[1,2,3]".utf8)) }, expected: .invalidJSON, closesConnection: true),
        Attack(
            description: "JSON nested 100,000 deep",
            bytes: { service in
                let open = String(repeating: "[", count: 100_000)
                let close = String(repeating: "]", count: 100_000)
                return RawWireConnection.frame(Array(#"{"id":1,"method":"\#(service).ping","params":{"x":\#(open)\#(close)}}"#.utf8))
            },
            expected: .invalidJSON, closesConnection: true
        ),
        Attack(
            description: "request without an id", bytes: { service in RawWireConnection.frame(Array(#"{"method":"\#(service).ping","params":{}}"#.utf8)) },
            expected: .badRequest, closesConnection: true
        ),
        Attack(
            description: "an id string just under the frame limit",
            bytes: { service in
                let (method, field) = MalformedFrameTests.idLookup[service] ?? ("\(service).ping", "id")
                let head = #"{"id":1,"method":"\#(method)","params":{"\#(field)":""#
                let tail = #""}}"#
                let filler = String(repeating: "a", count: MalformedFrameTests.frameLimit - head.utf8.count - tail.utf8.count)
                return RawWireConnection.frame(Array((head + filler + tail).utf8))
            },
            expected: .badRequest, closesConnection: false
        ),
    ]

    /// A read method per service whose id field the just-under-the-limit attack fills.
    static let idLookup: [String: (String, String)] = [
        "inventory": ("inventory.stock.get", "sku"),
        "shipping": ("shipping.get", "shipment_id"),
        "payments": ("payments.get", "payment_id"),
        "orchestrator": ("checkout.get", "order_id"),
    ]

    @Test("every framing attack on every executable")
    func framingAttacks() async throws {
        let stack = try await HostileStack.start()
        defer { stack.stop() }
        for (name, process) in stack.services {
            let bystander = try await RawWireConnection.connect(port: process.port)
            try await bystander.authenticate(client: "bystander")
            var nextID = 1
            for attack in Self.attacks {
                let attacker = try await RawWireConnection.connect(port: process.port)
                try await attacker.authenticate(client: "attacker")
                try await attacker.sendRaw(attack.bytes(name))
                if attack.attackerCloses {
                    await attacker.close()
                } else {
                    let answer = try await attacker.receive(timeout: .seconds(20))
                    if let expected = attack.expected {
                        #expect(answer?["error"]?["code"]?.stringValue == expected.rawValue, "\(name): \(attack): \(String(describing: answer))")
                    }
                    if attack.closesConnection {
                        #expect(await attacker.isClosedByServer(), "\(name): \(attack): connection left open")
                    } else {
                        #expect(try await attacker.call(id: 99, "\(name).ping")?["result"] != nil, "\(name): \(attack): connection unusable")
                    }
                    await attacker.close()
                }
                nextID += 1
                let ping = try await bystander.call(id: nextID, "\(name).ping")
                #expect(ping?["result"]?["service"]?.stringValue == name, "\(name): bystander after \(attack): \(String(describing: ping))")
            }
            await bystander.close()
            #expect(process.isRunning, "\(name) crashed")
        }
        #expect(try await stack.everyServiceAnswersPing())
    }
}
