import Foundation
import PropertyBased
import Testing
import TillPayments
import TillWire

@Suite("Idempotency hashing and records")
struct IdempotencyTests {
    static func decode(_ json: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
    }

    @Test("canonical JSON sorts keys, drops whitespace and writes integral numbers as integers")
    func canonicalForm() throws {
        let value = try Self.decode(#" { "b" : 1, "a" : { "d" : [1, 2.0, "x"], "c" : null } } "#)
        #expect(String(decoding: CanonicalJSON.encode(value), as: UTF8.self) == #"{"a":{"c":null,"d":[1,2,"x"]},"b":1}"#)
    }

    @Test("the hash is SHA-256 of the canonical bytes")
    func fixedHash() throws {
        // printf '%s' '{"a":{"c":null,"d":[1,2,"x"]},"b":1}' | openssl dgst -sha256
        let value = try Self.decode(#"{"b":1,"a":{"d":[1,2,"x"],"c":null}}"#)
        #expect(
            ParamsHash.compute(value, documented: DocumentedParams(["a", "b"]))
                == "6a3cc99445619b05f85f9c92a0d35191491a5674fae3d4a8df5bf221dcccc845"
        )
    }

    @Test("strings are escaped minimally and exactly")
    func escaping() {
        let value: JSONValue = ["k\"ey": "line\nbreak\t\u{01} \\ / é 💳"]
        #expect(String(decoding: CanonicalJSON.encode(value), as: UTF8.self) == #"{"k\"ey":"line\nbreak\t\u0001 \\ / é 💳"}"#)
    }

    @Test("keys sort by code point, not by locale")
    func keyOrder() {
        let value: JSONValue = ["b": 1, "B": 2, "a": 3, "é": 4, "aa": 5]
        #expect(String(decoding: CanonicalJSON.encode(value), as: UTF8.self) == #"{"B":2,"a":3,"aa":5,"b":1,"é":4}"#)
    }

    @Test("only documented parameters take part: unknown fields and wait change nothing")
    func documentedOnly() throws {
        let base = try Self.decode(#"{"payment_id":"pay_1","amount":4999,"currency":"USD","customer":{"id":"cus_1","email":"a@b.co"}}"#)
        let extra = try Self.decode(
            #"{"wait":true,"payment_id":"pay_1","amount":4999,"currency":"USD","x":1,"customer":{"email":"a@b.co","id":"cus_1","tier":"gold"}}"#
        )
        let changed = try Self.decode(#"{"payment_id":"pay_1","amount":5000,"currency":"USD","customer":{"id":"cus_1","email":"a@b.co"}}"#)
        let nestedChange = try Self.decode(
            #"{"payment_id":"pay_1","amount":4999,"currency":"USD","customer":{"id":"cus_2","email":"a@b.co"}}"#)
        let hash = ParamsHash.compute(base, documented: .paymentsAuthorize)
        #expect(ParamsHash.compute(extra, documented: .paymentsAuthorize) == hash)
        #expect(ParamsHash.compute(changed, documented: .paymentsAuthorize) != hash)
        #expect(ParamsHash.compute(nestedChange, documented: .paymentsAuthorize) != hash)
        #expect(hash.count == 64)
    }

    @Test("paths reach into arrays of objects")
    func arrays() throws {
        let documented = DocumentedParams(["items.sku", "items.quantity"])
        let a = try Self.decode(#"{"items":[{"sku":"s1","quantity":2,"note":"x"}]}"#)
        let b = try Self.decode(#"{"items":[{"quantity":2,"sku":"s1"}]}"#)
        #expect(ParamsHash.compute(a, documented: documented) == ParamsHash.compute(b, documented: documented))
    }

    /// A JSON member: a short key and a scalar or nested value, rendered as text.
    static let key = Gen.lowercaseLetter.string(of: 1...6)
    static let scalar = Gen<String>.oneOf(
        Gen.int(in: -1_000_000...1_000_000).map { "\($0)" },
        Gen.letterOrNumber.string(of: 0...8).map { "\"\($0)\"" },
        Gen.bool.map { "\($0)" },
        Gen.always("null")
    )

    /// Renders members in the order given by `permutation`, with the chosen whitespace.
    static func render(_ members: [(String, String)], order: [Int], spaced: Bool) -> String {
        let space = spaced ? " " : ""
        let parts = order.map { "\(space)\"\(members[$0].0)\"\(space):\(space)\(members[$0].1)" }
        return "{" + parts.joined(separator: ",\(space)") + "\(space)}"
    }

    @Test("key order and whitespace never change the hash")
    func orderInvariance() async throws {
        let members = zip(Self.key, Self.scalar).array(of: 1...8)
        await propertyCheck(count: 200, input: members, Gen.bool) { pairs, spaced in
            // Unique keys, as in any request a server accepts.
            var seen = Set<String>()
            let unique = pairs.filter { seen.insert($0.0).inserted }
            let nested = "{" + unique.reversed().map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
            let all = unique + [("zz_nested", nested)]
            let forward = Self.render(all, order: Array(all.indices), spaced: spaced)
            let backward = Self.render(all, order: all.indices.reversed(), spaced: !spaced)
            let shuffled = Self.render(all, order: all.indices.shuffled(), spaced: spaced)
            let documented = DocumentedParams(all.map(\.0))
            let hashes = [forward, backward, shuffled].map { text in
                (try? Self.decode(text)).map { ParamsHash.compute($0, documented: documented) }
            }
            #expect(hashes[0] != nil)
            #expect(hashes[0] == hashes[1])
            #expect(hashes[0] == hashes[2])
        }
    }

    @Test("claims resolve as documented")
    func resolve() {
        let now: Int64 = 1_000_000
        #expect(IdempotencyRecord.resolve(nil, paramsHash: "h", now: now) == .claimed)
        let live = IdempotencyRecord.inFlight(paramsHash: "h", owner: "payments-1", leaseUntil: now + 1)
        #expect(IdempotencyRecord.resolve(live, paramsHash: "h", now: now) == .inProgress)
        #expect(IdempotencyRecord.resolve(live, paramsHash: "other", now: now) == .conflict)
        let lapsed = IdempotencyRecord.inFlight(paramsHash: "h", owner: "payments-1", leaseUntil: now)
        #expect(IdempotencyRecord.resolve(lapsed, paramsHash: "h", now: now) == .claimed)
        #expect(IdempotencyRecord.resolve(lapsed, paramsHash: "other", now: now) == .conflict)
        let completed = IdempotencyRecord.completed(paramsHash: "h", result: ["state": "authorized"])
        #expect(IdempotencyRecord.resolve(completed, paramsHash: "h", now: now) == .replay(.success(["state": "authorized"])))
        #expect(IdempotencyRecord.resolve(completed, paramsHash: "other", now: now) == .conflict)
        let declined = WireError(.init("card_declined"), "card declined")
        let failed = IdempotencyRecord.failed(paramsHash: "h", error: declined)
        #expect(IdempotencyRecord.resolve(failed, paramsHash: "h", now: now) == .replay(.failure(declined)))
    }

    @Test("records round-trip through their stored JSON")
    func recordCoding() throws {
        let records: [IdempotencyRecord] = [
            .inFlight(paramsHash: "h1", owner: "payments-1:abc", leaseUntil: 1_764_000_010_000),
            .completed(paramsHash: "h2", result: ["payment_id": "pay_1", "state": "authorized"]),
            .failed(paramsHash: "h3", error: WireError(.init("card_declined"), "card declined")),
        ]
        for record in records {
            let data = try JSONEncoder().encode(record)
            #expect(try JSONDecoder().decode(IdempotencyRecord.self, from: data) == record)
        }
        let stored = try Self.decode(String(decoding: try JSONEncoder().encode(records[0]), as: UTF8.self))
        #expect(stored["state"] == "in_flight")
        #expect(stored["v"] == 1)
        #expect(stored["lease_until_ms"] == .integer(1_764_000_010_000))
    }

    @Test("keys are scoped by method and hash-tagged for Redis Cluster")
    func keys() {
        #expect(
            IdempotencyKey(service: "payments", method: "authorize", key: "saga_ord_1:authorize_payment")?.storageKey
                == "till:idem:{payments.authorize:saga_ord_1:authorize_payment}")
        #expect(IdempotencyKey(service: "payments", method: "authorize", key: "") == nil)
        #expect(IdempotencyKey(service: "payments", method: "authorize", key: String(repeating: "k", count: 256)) == nil)
        #expect(IdempotencyKey(service: "payments", method: "authorize", key: String(repeating: "k", count: 255)) != nil)
    }
}
