import Foundation
import PropertyBased
import Testing
import TillWire

@testable import TillPayments

@Suite("JSONValueParser")
struct JSONValueParserTests {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONValueParser.parse(Array(text.utf8))
    }

    @Test("whitespace, every escape, surrogate pairs and exact integers")
    func wellFormed() throws {
        let text = #" { "a" : "\u00e9\ud83d\udcb3\n\t\/\"\\\b\f\r" , "b" : [ 1 , -0 , 2.5e3 , -1E-2 , true , false , null ] , "c" : { } , "d" : [ ] } "#
        #expect(
            try Self.parse(text) == [
                "a": "é💳\n\t/\"\\\u{08}\u{0C}\r",
                "b": [1, 0, 2500.0, -0.01, true, false, nil],
                "c": [:],
                "d": [],
            ]
        )
        #expect(try Self.parse("9223372036854775807") == .integer(.max))
        #expect(try Self.parse("-9223372036854775808") == .integer(.min))
        #expect(try Self.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try Self.parse("9007199254740993") == .integer(9_007_199_254_740_993))
        #expect(try Self.parse(#""\ud83d x""#) == "\u{FFFD} x")
        #expect(try Self.parse(#""\udcb3""#) == "\u{FFFD}")
    }

    @Test(
        "malformed input is refused",
        arguments: [
            "", " ", "{", "}", "[1,]", "[1 2]", #"{"a"}"#, #"{"a":1,}"#, #"{a:1}"#, "01", "-", "1.", "1e", ".5", "+1",
            "tru", "nul", #""\x""#, #""\u12g4""#, "\"a\u{01}\"", #""open"#, "1 2", "[1]]", "{}x",
        ]
    )
    func malformed(text: String) {
        #expect(throws: JSONValueParser.Failure.self) { try Self.parse(text) }
    }

    @Test("nesting is bounded")
    func depth() throws {
        let shallow = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(throws: Never.self) { try Self.parse(shallow) }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONValueParser.Failure.self) { try Self.parse(deep) }
    }

    static let text = Gen.unicodeScalar(in: "\u{0}"..."\u{2FF}").map { Character($0) }.string(of: 0...8)
    static let scalar = Gen<JSONValue>.oneOf(
        Gen.int64().map { JSONValue.integer($0) },
        Gen.double(in: -1e9...1e9).map { JSONValue.double($0) },
        text.map { JSONValue.string($0) },
        Gen.bool.map { JSONValue.bool($0) },
        Gen.always(JSONValue.null)
    )
    static let value = Gen<JSONValue>.oneOf(
        scalar,
        scalar.array(of: 0...5).map { JSONValue.array($0) },
        zip(text, scalar).array(of: 0...5).map { JSONValue.object(Dictionary($0, uniquingKeysWith: { first, _ in first })) }
    )

    @Test("agrees with JSONDecoder on canonical JSON of generated values")
    func agreesWithFoundation() async {
        await propertyCheck(count: 300, input: Self.value) { value in
            let bytes = CanonicalJSON.encode(value)
            let ours = try? JSONValueParser.parse(bytes)
            let foundation = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
            #expect(ours != nil)
            #expect(ours == foundation)
            #expect(ours.map(CanonicalJSON.encode) == bytes)
        }
    }
}
