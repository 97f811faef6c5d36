import Foundation
import Testing
import TillTestSupport
import TillWire

/// Wrong types for every field of every method, and hostile values (negative and huge amounts, ids
/// with forbidden characters, unknown currencies), against the real executables: `bad_request`
/// naming the field, never `internal`, the connection kept, and every process alive.
@Suite("malformed params against every executable", .timeLimit(.minutes(3)))
struct MalformedParamsTests {
    /// A value-level attack: `method` with the field at `path` set to `value` (JSON text).
    struct ValueCase: Sendable, CustomStringConvertible {
        var method: String
        var path: String
        var value: String
        /// False where the answer is `bad_request` on `params` as a whole: Foundation's decoder
        /// reports a number that does not fit in `Int64` without its coding path (a known gap).
        var namesField = true
        var description: String { "\(method) \(path)=\(value.prefix(40))" }
    }

    static let forbiddenIDs = [#""a b""#, #""a/b""#, #""x;DROP""#, #""\u0000""#, #""ünï""#, #""""#, "\"\(String(repeating: "i", count: 65))\""]

    /// Every value here is outside API.md's rules for its field.
    static let valueCases: [ValueCase] =
        [
            ValueCase(method: "inventory.stock.set", path: "on_hand", value: "-1"),
            ValueCase(method: "inventory.stock.set", path: "price.amount", value: "-1"),
            ValueCase(method: "inventory.stock.set", path: "price.amount", value: "99999999999999999999", namesField: false),
            ValueCase(method: "inventory.stock.set", path: "price.amount", value: "10.5", namesField: false),
            ValueCase(method: "inventory.stock.set", path: "price.currency", value: #""XXQ""#),
            ValueCase(method: "inventory.stock.set", path: "price.currency", value: #""usd""#),
            ValueCase(method: "inventory.reserve", path: "items[0].quantity", value: "0"),
            ValueCase(method: "inventory.reserve", path: "items[0].quantity", value: "-3"),
            ValueCase(method: "payments.authorize", path: "amount", value: "-4999"),
            ValueCase(method: "payments.authorize", path: "amount", value: "0"),
            ValueCase(method: "payments.authorize", path: "amount", value: "99999999999999999999", namesField: false),
            ValueCase(method: "payments.authorize", path: "currency", value: #""ZZZ""#),
            ValueCase(method: "payments.capture", path: "amount", value: "-1"),
            ValueCase(method: "payments.refund", path: "amount", value: "-1"),
            ValueCase(method: "checkout.start", path: "currency", value: #""QQQ""#),
            ValueCase(method: "checkout.start", path: "items[0].quantity", value: "-1"),
            ValueCase(method: "checkout.start", path: "items[0].unit_price", value: "-1"),
            ValueCase(method: "checkout.list", path: "limit", value: "100000"),
            ValueCase(method: "payments.reconcile", path: "limit", value: "100000"),
        ]
        + ["inventory.stock.get:sku", "inventory.reserve:reservation_id", "payments.get:payment_id", "shipping.get:shipment_id", "checkout.get:order_id"]
        .flatMap { entry -> [ValueCase] in
            let parts = entry.split(separator: ":").map(String.init)
            return forbiddenIDs.map { ValueCase(method: parts[0], path: parts[1], value: $0) }
        }

    @Test("wrong types for every field, and hostile values, get bad_request on that field")
    func malformedParams() async throws {
        let stack = try await HostileStack.start()
        defer { stack.stop() }
        let table = MethodParams.all(run: "hostile")
        var connections: [String: RawWireConnection] = [:]
        for (name, process) in stack.services {
            let connection = try await RawWireConnection.connect(port: process.port)
            try await connection.authenticate()
            connections[name] = connection
        }
        var id = 0
        func send(_ method: MethodParams, _ params: String) async throws -> JSONValue? {
            id += 1
            let connection = try #require(connections[method.service])
            return try await connection.call(id: id, method.method, params: params, idempotencyKey: method.needsIdempotencyKey ? "idem-\(id)" : nil)
        }

        var checked = 0
        for method in table {
            for (path, value) in method.fieldPaths {
                let params = method.replacing(path, with: MethodParams.wrongType(for: value)).jsonText
                let answer = try await send(method, params)
                #expect(answer?["error"]?["code"]?.stringValue == "bad_request", "\(method) \(path): \(String(describing: answer))")
                #expect(answer?["error"]?["details"]?["field"]?.stringValue == path, "\(method) \(path): \(String(describing: answer))")
                checked += 1
            }
        }
        for valueCase in Self.valueCases {
            let method = try #require(table.first { $0.method == valueCase.method })
            let placeholder = "__hostile_value__"
            let params = method.replacing(valueCase.path, with: .string(placeholder)).jsonText
                .replacingOccurrences(of: "\"\(placeholder)\"", with: valueCase.value)
            let answer = try await send(method, params)
            #expect(answer?["error"]?["code"]?.stringValue == "bad_request", "\(valueCase): \(String(describing: answer))")
            let field = valueCase.namesField ? valueCase.path : "params"
            #expect(answer?["error"]?["details"]?["field"]?.stringValue == field, "\(valueCase): \(String(describing: answer))")
            checked += 1
        }
        #expect(checked > 100)
        for connection in connections.values { await connection.close() }
        #expect(try await stack.everyServiceAnswersPing())
    }
}
