import Logging
import Testing
import TillObservability

@Suite("RedactingLogHandler")
struct RedactingLogHandlerTests {
    private static let card = TestRedactor.card

    @Test func redactsTheMessageAndEveryMetadataValueBeforeTheWrappedHandlerSeesIt() throws {
        let store = RecordingLogHandler.Store()
        let provider = Logger.MetadataProvider { ["trace.note": "provider secret"] }
        var logger = Logger(label: "till.payments") { _ in
            var handler = RedactingLogHandler(wrapping: RecordingLogHandler(store: store), redactor: TestRedactor())
            handler.metadataProvider = provider
            return handler
        }
        logger[metadataKey: "session"] = "logger secret"
        logger.info(
            "Charging \(Self.card) with secret",
            metadata: [
                "card": .stringConvertible(Self.card),
                "request": .dictionary([
                    "cards": .array([.string(Self.card), .dictionary(["deep": "very secret"])]),
                    "amount": "1999",
                ]),
            ]
        )

        let event = try #require(store.recorded.first)
        #expect(event.message.description == "Charging ************1111 with [REDACTED]")
        let metadata = try #require(event.metadata)
        #expect(metadata["session"] == "logger [REDACTED]")
        #expect(metadata["trace.note"] == "provider [REDACTED]")
        #expect(metadata["card"] == "************1111")
        #expect(
            metadata["request"]
                == .dictionary([
                    "cards": .array(["************1111", .dictionary(["deep": "very [REDACTED]"])]),
                    "amount": "1999",
                ])
        )
        #expect(!"\(event)".contains(Self.card))
        #expect(!"\(event)".contains("secret"))
    }

    @Test func redactsAnAttachedErrorAndHandsNoErrorOn() throws {
        struct DeclinedError: Error, CustomStringConvertible {
            var description: String { "card \(TestRedactor.card) declined" }
        }
        let store = RecordingLogHandler.Store()
        let logger = Logger(label: "t") { _ in
            RedactingLogHandler(wrapping: RecordingLogHandler(store: store), redactor: TestRedactor())
        }
        logger.warning("Declined", error: DeclinedError())
        let event = try #require(store.recorded.first)
        #expect(event.error == nil)
        #expect(event.metadata?["error.message"] == "card ************1111 declined")
        #expect(event.metadata?["error.type"].map { "\($0)".hasSuffix("DeclinedError") } == true)
    }

    @Test func takesOverTheWrappedHandlersOwnMetadataAndProvider() throws {
        let store = RecordingLogHandler.Store()
        var inner = RecordingLogHandler(store: store)
        inner.metadata = ["preset": "secret preset"]
        inner.metadataProvider = Logger.MetadataProvider { ["provided": "secret provided"] }
        let handler = RedactingLogHandler(wrapping: inner, redactor: TestRedactor())
        let logger = Logger(label: "t") { _ in handler }
        logger.info("Hello")
        let event = try #require(store.recorded.first)
        #expect(event.metadata?["preset"] == "[REDACTED] preset")
        #expect(event.metadata?["provided"] == "[REDACTED] provided")
    }

    @Test func forwardsTheLogLevel() {
        let store = RecordingLogHandler.Store()
        var logger = Logger(label: "t") { _ in
            RedactingLogHandler(wrapping: RecordingLogHandler(store: store), redactor: TestRedactor())
        }
        logger.logLevel = .warning
        logger.info("Dropped")
        logger.warning("Kept")
        #expect(store.recorded.map(\.message.description) == ["Kept"])
    }

    @Test func theBootstrappedHandlerWritesRedactedJSON() throws {
        let output = CapturingLogOutput()
        var logger = Logger(label: "till.payments") { label in
            TillLogging.makeHandler(
                label: label,
                service: "payments",
                level: .debug,
                format: .json,
                redactor: TestRedactor(),
                output: output
            )
        }
        logger[metadataKey: "customer"] = "secret customer"
        logger.debug("Authorizing \(Self.card)", metadata: ["payload": ["pan": "\(Self.card)"]])
        logger.trace("Below the level")

        #expect(output.captured.count == 1)
        let line = try #require(output.captured.first)
        #expect(!line.contains(Self.card))
        #expect(!line.contains("secret"))
        let object = try #require(try output.jsonObjects().first)
        #expect(object["service"] as? String == "payments")
        #expect(object["level"] as? String == "debug")
        #expect(object["message"] as? String == "Authorizing ************1111")
        #expect(object["customer"] as? String == "[REDACTED] customer")
        #expect((object["payload"] as? [String: Any])?["pan"] as? String == "************1111")
    }

    @Test func theBootstrappedTextHandlerRedactsToo() throws {
        let output = CapturingLogOutput()
        let logger = Logger(label: "till.payments") { label in
            TillLogging.makeHandler(
                label: label,
                service: "payments",
                level: .info,
                format: .text,
                redactor: TestRedactor(),
                output: output
            )
        }
        logger.info("Card \(Self.card)", metadata: ["nested": ["a": ["secret"]]])
        let line = try #require(output.captured.first)
        #expect(line.contains("Card ************1111"))
        #expect(line.contains(#"nested={"a":["[REDACTED]"]}"#))
        #expect(line.contains("service=payments"))
    }

    /// Entries set one at a time (as a server does per request) are redacted one at a time, and
    /// a removed entry is gone from what the wrapped handler sees.
    @Test func entriesSetOneByOneAreRedactedAndRemovable() throws {
        let store = RecordingLogHandler.Store()
        var logger = Logger(label: "till.wire") { _ in
            RedactingLogHandler(wrapping: RecordingLogHandler(store: store), redactor: TestRedactor())
        }
        logger[metadataKey: "first"] = "a secret"
        logger[metadataKey: "second"] = .stringConvertible(Self.card)
        logger[metadataKey: "first"] = nil
        logger.info("request")
        let metadata = try #require(store.recorded.first?.metadata)
        #expect(metadata["first"] == nil)
        #expect(metadata["second"] == "************1111")
        #expect(logger[metadataKey: "second"] == .stringConvertible(Self.card))
        logger.handler.metadata = ["third": "another secret"]
        logger.info("again")
        #expect(store.recorded.last?.metadata == ["third": "another [REDACTED]"])
    }
}
