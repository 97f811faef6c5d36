import NIOCore
import Testing

@testable import TillWire

@Suite("JSON scanner")
struct JSONScannerTests {
    private func scan(_ text: String) -> Result<[String: JSONSpan], JSONScanError> {
        scan(Array(text.utf8))
    }

    private func scan(_ bytes: [UInt8]) -> Result<[String: JSONSpan], JSONScanError> {
        bytes.withUnsafeBytes { raw in
            var members: [String: JSONSpan] = [:]
            do throws(JSONScanError) {
                try JSONScanner.scanObject(raw) { key, escaped, span in
                    members[JSONText.string(key, hasEscapes: escaped)] = span
                }
                return .success(members)
            } catch {
                return .failure(error)
            }
        }
    }

    @Test(
        "valid objects",
        arguments: [
            "{}", " { } ", #"{"a":1}"#, #"{"a":-0.5e+10,"b":[1,2,{"c":null}],"d":"x\"y\\u00e9"}"#,
            #"{"a":true,"b":false,"c":null,"d":[],"e":{}}"#, "{\"é\":\"日本\",\"emoji\":\"😀\"}",
            "\t{\n\"a\" : [ 1 , 2 ]\r}\n", #"{"a":0,"b":-0,"c":1E5,"d":1e-5}"#,
        ]
    )
    func validObjects(_ text: String) {
        #expect(throws: Never.self) { try scan(text).get() }
    }

    @Test(
        "invalid JSON is refused",
        arguments: [
            "", "{", "}", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, #"{a:1}"#, #"{"a":01}"#, #"{"a":1.}"#,
            #"{"a":.5}"#, #"{"a":+1}"#, #"{"a":tru}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, "{\"a\":\"\n\"}",
            #"{"a":1} {"#, #"{"a":[1,]}"#, #"{"a":[1 2]}"#, #"{"a":1}x"#, #"{"a":NaN}"#, "{'a':1}",
        ]
    )
    func invalidJSON(_ text: String) {
        guard case .failure(let error) = scan(text) else {
            Issue.record("accepted \(text)")
            return
        }
        #expect(error.reason != .notAnObject)
    }

    @Test("valid JSON that is not an object", arguments: ["[]", "1", "\"x\"", "null", "true", "[{}]"])
    func notAnObject(_ text: String) {
        #expect(throws: JSONScanError(.notAnObject, at: 0)) { try scan(text).get() }
    }

    @Test(
        "invalid UTF-8 inside strings is refused",
        arguments: [
            [0xFF], [0xC0, 0x80], [0xC3], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF8, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82],
        ] as [[UInt8]]
    )
    func invalidUTF8(_ sequence: [UInt8]) {
        let bytes = Array(#"{"a":""#.utf8) + sequence + Array(#""}"#.utf8)
        guard case .failure(let error) = scan(bytes) else {
            Issue.record("accepted \(sequence)")
            return
        }
        #expect(error.reason == .invalidUTF8)
    }

    @Test("bytes outside strings must be JSON, even valid UTF-8")
    func nonASCIIOutsideStrings() {
        #expect(throws: JSONScanError.self) { try scan("{\"a\":1 é}").get() }
    }

    @Test("nesting is limited")
    func depthLimit() {
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try scan(#"{"a":\#(fine)}"#).get() }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        guard case .failure(let error) = scan(#"{"a":\#(deep)}"#) else {
            Issue.record("accepted a 10,000-deep array")
            return
        }
        #expect(error.reason == .tooDeep)
    }

    @Test("spans locate top-level members")
    func spans() throws {
        let text = #"{"id":42,"method":"a.b","params":{"x":[1,{"y":"}"}]},"s":"q\"r","n":null}"#
        let members = try scan(text).get()
        let utf8 = Array(text.utf8)
        func value(_ key: String) -> String {
            guard let span = members[key] else { return "<missing>" }
            return String(decoding: utf8[span.range], as: UTF8.self)
        }
        #expect(value("id") == "42")
        #expect(members["id"]?.kind == .number)
        #expect(value("method") == "a.b")
        #expect(value("params") == #"{"x":[1,{"y":"}"}]}"#)
        #expect(members["params"]?.kind == .object)
        #expect(value("s") == #"q\"r"#)
        #expect(members["s"]?.hasEscapes == true)
        #expect(members["n"]?.kind == .null)
        #expect(members["x"] == nil, "nested members are not top-level")
    }

    @Test("string unescaping")
    func unescaping() {
        let cases: [(String, String)] = [
            (#"plain"#, "plain"),
            (#"a\"b\\c\/d"#, "a\"b\\c/d"),
            (#"\n\r\t\b\f"#, "\n\r\t\u{08}\u{0C}"),
            (#"\u00e9\u65e5"#, "é日"),
            (#"\ud83d\ude00"#, "😀"),
            (#"\ud83d"#, "\u{FFFD}"),
            (#"\ude00x"#, "\u{FFFD}x"),
        ]
        for (escaped, expected) in cases {
            let result = Array(escaped.utf8).withUnsafeBytes { JSONText.string($0, hasEscapes: true) }
            #expect(result == expected, "\(escaped)")
        }
    }

    @Test("integers")
    func integers() {
        func unsigned(_ text: String) -> UInt64? { Array(text.utf8).withUnsafeBytes { JSONText.unsignedInteger($0) } }
        func signed(_ text: String) -> Int64? { Array(text.utf8).withUnsafeBytes { JSONText.integer($0) } }
        #expect(unsigned("0") == 0)
        #expect(unsigned("18446744073709551615") == .max)
        #expect(unsigned("18446744073709551616") == nil)
        #expect(unsigned("-1") == nil)
        #expect(unsigned("1.0") == nil)
        #expect(unsigned("1e3") == nil)
        #expect(signed("-9223372036854775808") == .min)
        #expect(signed("9223372036854775808") == nil)
        #expect(signed("-42") == -42)
    }

    @Test("JSON strings are written escaped and read back")
    func writingStrings() throws {
        let samples = ["", "plain", "quote\"back\\slash", "ctl\u{01}\u{1F}\n\t", "é 日本 😀", "</script>"]
        for sample in samples {
            var buffer = ByteBuffer()
            buffer.writeStaticString(#"{"s":"#)
            buffer.writeJSONString(sample)
            buffer.writeStaticString("}")
            let frame = try ParsedFrame(buffer)
            #expect(frame.string(frame.type) == nil)
            let members = try scan(String(buffer: buffer)).get()
            let span = try #require(members["s"])
            let decoded = Array(buffer.readableBytesView)[span.range].withUnsafeBytes {
                JSONText.string($0, hasEscapes: span.hasEscapes)
            }
            #expect(decoded == sample)
        }
    }

    @Test("JSON values are written as JSON")
    func writingValues() throws {
        let value: JSONValue = ["b": [1, 2.5, "x", nil, true], "a": ["nested": .double(.infinity)], "n": -7]
        var buffer = ByteBuffer()
        buffer.writeJSONValue(value)
        #expect(String(buffer: buffer) == #"{"a":{"nested":null},"b":[1,2.5,"x",null,true],"n":-7}"#)
    }
}
