import Foundation
import Logging
import PropertyBased
import Testing
@testable import TillObservability

@Suite("JSONLogHandler")
struct JSONLogHandlerTests {
    private func logger(_ output: CapturingLogOutput, provider: Logger.MetadataProvider? = nil) -> Logger {
        Logger(label: "till.test") { label in
            var handler = JSONLogHandler(label: label, output: output, metadataProvider: provider)
            handler.logLevel = .trace
            return handler
        }
    }

    @Test func writesOneObjectPerLineWithTheDocumentedFields() throws {
        let output = CapturingLogOutput()
        var logger = self.logger(output)
        logger[metadataKey: "service"] = "inventory"
        logger.info(
            "Stock reserved",
            metadata: [
                "saga.id": "ord_1",
                "quantity": .stringConvertible(3),
                "items": .array(["sku_1", .dictionary(["sku": "sku_2"])]),
                "reservation": .dictionary(["id": "res_1", "expires": .stringConvertible(600)]),
            ]
        )

        #expect(output.captured.count == 1)
        let line = try #require(output.captured.first)
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false)
        #expect(line.hasPrefix(#"{"ts":""#))

        let object = try #require(try output.jsonObjects().first)
        let timestamp = try #require(object["ts"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil)
        #expect(object["level"] as? String == "info")
        #expect(object["label"] as? String == "till.test")
        #expect(object["message"] as? String == "Stock reserved")
        #expect(object["service"] as? String == "inventory")
        #expect(object["saga.id"] as? String == "ord_1")
        #expect(object["quantity"] as? String == "3")
        #expect(object["source"] as? String == "TillObservabilityTests")
        let items = try #require(object["items"] as? [Any])
        #expect(items.first as? String == "sku_1")
        #expect((items.last as? [String: Any])?["sku"] as? String == "sku_2")
        let reservation = try #require(object["reservation"] as? [String: Any])
        #expect(reservation["id"] as? String == "res_1")
        #expect(reservation["expires"] as? String == "600")
    }

    @Test func keepsFieldOrderStable() throws {
        let output = CapturingLogOutput()
        self.logger(output).warning("Slow", metadata: ["b": "2", "a": "1"])
        let line = try #require(output.captured.first)
        let order = ["\"ts\"", "\"level\"", "\"label\"", "\"message\"", "\"a\"", "\"b\"", "\"source\""]
        let positions = order.compactMap { line.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted())
    }

    @Test func metadataCannotOverwriteTheLinesOwnFields() throws {
        let output = CapturingLogOutput()
        self.logger(output).info("Real", metadata: ["message": "forged", "level": "critical", "ts": "0"])
        let object = try #require(try output.jsonObjects().first)
        #expect(object["message"] as? String == "Real")
        #expect(object["level"] as? String == "info")
        #expect(object["metadata.message"] as? String == "forged")
        #expect(object["metadata.level"] as? String == "critical")
        #expect(object["metadata.ts"] as? String == "0")
    }

    @Test func eventMetadataOverridesProviderWhichOverridesLoggerMetadata() throws {
        let output = CapturingLogOutput()
        let provider = Logger.MetadataProvider { ["trace.id": "t-1", "layer": "provider"] }
        var logger = self.logger(output, provider: provider)
        logger[metadataKey: "layer"] = "logger"
        logger[metadataKey: "kept"] = "yes"
        logger.info("One")
        logger.info("Two", metadata: ["layer": "event"])
        let objects = try output.jsonObjects()
        #expect(objects.map { $0["layer"] as? String } == ["provider", "event"])
        #expect(objects.allSatisfy { $0["trace.id"] as? String == "t-1" && $0["kept"] as? String == "yes" })
    }

    @Test func anAttachedErrorBecomesFields() throws {
        struct GatewayDown: Error, CustomStringConvertible {
            var description: String { "gateway unreachable" }
        }
        let output = CapturingLogOutput()
        self.logger(output).error("Capture failed", error: GatewayDown())
        let object = try #require(try output.jsonObjects().first)
        #expect(object["error.message"] as? String == "gateway unreachable")
        #expect((object["error.type"] as? String)?.hasSuffix("GatewayDown") == true)
    }

    @Test func sourceCanBeLeftOut() throws {
        let output = CapturingLogOutput()
        let logger = Logger(label: "x") { JSONLogHandler(label: $0, output: output, includeSource: false) }
        logger.info("No source")
        let object = try #require(try output.jsonObjects().first)
        #expect(object["source"] == nil)
    }

    @Test func anyTextSurvivesTheRoundTripOnOneLine() async {
        let controlAndSeparators = Gen.unicodeScalar(in: "\u{0}"..."\u{2F}").map(Character.init)
        let text = Gen<Character>.oneOf(Gen.latin1, controlAndSeparators, Gen.character(in: "\u{2000}"..."\u{206F}"))
            .string(of: 0...40)
        await propertyCheck(count: 300, input: text, text) { message, value in
            let output = CapturingLogOutput()
            self.logger(output).info("\(message)", metadata: ["value": "\(value)", "nested": ["v": "\(value)"]])
            let line = output.captured.first ?? ""
            #expect(line.utf8.filter { $0 == UInt8(ascii: "\n") }.count == 1)
            let object = try? output.jsonObjects().first
            #expect(object?["message"] as? String == message)
            #expect(object?["value"] as? String == value)
            #expect((object?["nested"] as? [String: Any])?["v"] as? String == value)
        }
    }
}

@Suite("LogTimestamp")
struct LogTimestampTests {
    @Test(arguments: [
        (0, 0, "1970-01-01T00:00:00.000Z"),
        (1_714_566_896, 789_999_999, "2024-05-01T12:34:56.789Z"),
        (1_709_251_199, 1_000_000, "2024-02-29T23:59:59.001Z"),
        (946_684_799, 999_999_999, "1999-12-31T23:59:59.999Z"),
    ])
    func formatsRFC3339InUTCWithMilliseconds(seconds: Int, nanoseconds: Int, expected: String) {
        #expect(LogTimestamp.format(secondsSinceEpoch: seconds, nanoseconds: nanoseconds) == expected)
    }

    @Test func nowIsCloseToFoundationsClock() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let parsed = try #require(formatter.date(from: LogTimestamp.now()))
        #expect(abs(parsed.timeIntervalSinceNow) < 60)
    }
}
