import Logging
import Testing
import TillObservability

@Suite("TextLogHandler")
struct TextLogHandlerTests {
    @Test func writesAReadableLine() throws {
        let output = CapturingLogOutput()
        var logger = Logger(label: "till.inventory") { TextLogHandler(label: $0, output: output) }
        logger[metadataKey: "service"] = "inventory"
        logger.notice(
            "Stock reserved",
            metadata: ["saga.id": "ord_1", "note": "two words", "empty": "", "items": ["a", "b"]]
        )
        let line = try #require(output.captured.first)
        let match = try #require(line.wholeMatch(of: /(\S+) notice till\.inventory: Stock reserved (.*) \[TillObservabilityTests\]\n/))
        #expect(match.1.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil)
        #expect(match.2 == #"empty="" items=["a","b"] note="two words" saga.id=ord_1 service=inventory"#)
    }

    @Test func staysOnOneLine() throws {
        let output = CapturingLogOutput()
        let logger = Logger(label: "t") { TextLogHandler(label: $0, output: output) }
        logger.info("first\nsecond\r\nthird", metadata: ["value": "a\nb"])
        let line = try #require(output.captured.first)
        #expect(line.utf8.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        #expect(line.contains(#"first\nsecond\r\nthird"#))
        #expect(line.contains(#"value="a\nb""#))
    }
}
