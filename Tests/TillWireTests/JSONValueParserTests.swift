import Foundation
import NIOCore
import Testing

@testable import TillWire

/// The one-pass `JSONValue` reader gives what `JSONValue`'s `Decodable` conformance gives, and
/// refuses what is not one JSON value.
@Suite struct JSONValueParserTests {
    static let samples = [
        #"{}"#, #"[]"#, #"null"#, #"true"#, #"false"#, #"0"#, #"-12"#, #"9223372036854775807"#,
        #"-9223372036854775808"#, #"1.5"#, #"-2.5e-3"#, #"18446744073709551616"#, #""""#,
        #""plain""#, #""esc \" \\ \/ \n \t \u00e9 \ud83d\ude00""#,
        #"{"reservation_id":"r-1","state":"reserved","items":[{"sku":"a","quantity":2,"unit_price":{"amount":4999,"currency":"USD"}}]}"#,
        #" { "a" : [ 1 , { "b" : null } , "c" ] , "d" : { } } "#,
    ]

    @Test(arguments: samples)
    func readsWhatTheDecoderReads(_ json: String) throws {
        let expected = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        let parsed = try Array(json.utf8).withUnsafeBytes { try JSONValueParser.parse($0) }
        #expect(parsed == expected)
    }

    @Test(arguments: [#""#, #"{"#, #"[1,]"#, #"{"a"}"#, #"{"a":1,}"#, #"tru"#, #""open"#, #"1 2"#, #"{"a":1}x"#, "\"\u{01}\"", #"-"#])
    func refusesWhatIsNotOneValue(_ json: String) {
        #expect(throws: JSONValueParser.Failure.self) {
            try Array(json.utf8).withUnsafeBytes { try JSONValueParser.parse($0) }
        }
    }

    @Test func refusesNestingBeyondTheLimit() {
        let deep = String(repeating: "[", count: JSONValueParser.maximumDepth + 1) + String(repeating: "]", count: JSONValueParser.maximumDepth + 1)
        #expect(throws: JSONValueParser.Failure.self) {
            try Array(deep.utf8).withUnsafeBytes { try JSONValueParser.parse($0) }
        }
    }

    /// An RPC result that states itself as a `JSONValue` is written as that value.
    @Test func convertibleResultsAreWrittenAsTheirValue() throws {
        struct Result: Encodable, JSONValueConvertible {
            var jsonValue: JSONValue { ["state": "reserved", "count": 2] }
            func encode(to encoder: any Encoder) throws { try jsonValue.encode(to: encoder) }
        }
        let frame = try RPCCodec().encodeSuccess(id: 7, result: Result())
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(frame.readableBytesView))
        #expect(body == ["id": 7, "result": ["state": "reserved", "count": 2]])
    }
}
