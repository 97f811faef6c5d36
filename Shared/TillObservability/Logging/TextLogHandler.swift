import Logging

/// Writes each log event as one human-readable line.
///
/// ```
/// 2024-05-01T12:34:56.789Z info till.inventory: Stock reserved saga.id=ord_1 [TillInventory]
/// ```
///
/// Metadata follows the message as `key=value` pairs in key order. A value that is empty or holds
/// whitespace, `=` or a quote is written as a JSON string, and nested values as JSON, so a line
/// always stays one line and splits unambiguously.
public struct TextLogHandler: LogHandler {
    private let label: String
    private let output: any LogOutput

    /// The lowest level the logger passes on (filtering happens in `Logger`).
    public var logLevel: Logger.Level = .info
    /// Metadata on every line from this logger (`logger[metadataKey:]`).
    public var metadata: Logger.Metadata = [:]
    /// Metadata computed per event, e.g. from task-locals.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for the logger `label`, writing to `output`.
    public init(
        label: String,
        output: any LogOutput = FileDescriptorLogOutput.standardError,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.output = output
        self.metadataProvider = metadataProvider
    }

    /// One entry of ``metadata``.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    /// Renders `event` as one line and writes it.
    public func log(event: LogEvent) {
        let metadata = LogMetadata.merge(
            base: self.metadata,
            provider: self.metadataProvider,
            explicit: event.metadata,
            error: event.error
        )
        var line = LogTimestamp.now()
        line.append(" ")
        line.append(event.level.rawValue)
        line.append(" ")
        line.append(self.label)
        line.append(": ")
        line.append(Self.singleLine(event.message.description))
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line.append(" ")
            line.append(key)
            line.append("=")
            line.append(Self.render(value))
        }
        line.append(" [")
        line.append(event.source)
        line.append("]\n")
        self.output.write(line: line)
    }

    private static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text):
            return self.quotedIfNeeded(text)
        case .stringConvertible(let convertible):
            return self.quotedIfNeeded(convertible.description)
        case .dictionary, .array:
            return JSONText.encode(value)
        }
    }

    private static func quotedIfNeeded(_ text: String) -> String {
        let plain = !text.isEmpty && !text.unicodeScalars.contains { scalar in
            scalar.properties.isWhitespace || scalar == "=" || scalar == "\"" || scalar.value < 0x20
        }
        return plain ? text : JSONText.encode(.string(text))
    }

    /// The message with line breaks escaped, so one event stays one line.
    private static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": escaped.append("\\n")
            case "\r": escaped.append("\\r")
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
