import Logging

/// Writes each log event as one JSON object on one line.
///
/// ```json
/// {"ts":"2024-05-01T12:34:56.789Z","level":"info","label":"till.inventory","message":"Stock reserved","saga.id":"ord_1","source":"TillInventory"}
/// ```
///
/// `ts`, `level`, `label` and `message` come first; the metadata follows flattened into top-level
/// fields in key order (nested dictionaries and arrays stay JSON objects and arrays), then `source`.
/// A metadata key that collides with one of those fields is written as `metadata.<key>` so it can
/// never overwrite them. Every value is a JSON string: metadata is text by contract.
public struct JSONLogHandler: LogHandler {
    /// Field names the handler writes itself.
    static let reservedKeys: Set<String> = ["ts", "level", "label", "message", "source"]

    private let label: String
    private let output: any LogOutput
    private let includeSource: Bool

    /// The lowest level the logger passes on (filtering happens in `Logger`).
    public var logLevel: Logger.Level = .info
    /// Metadata on every line from this logger (`logger[metadataKey:]`).
    public var metadata: Logger.Metadata = [:]
    /// Metadata computed per event, e.g. from task-locals.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for the logger `label`, writing to `output`.
    ///
    /// - Parameters:
    ///   - label: The logger's label, written as `label`.
    ///   - output: Where lines go; standard error unless a test captures them.
    ///   - metadataProvider: Metadata added to every event (task-local trace ids and the like).
    ///   - includeSource: Whether to write the `source` field (the module that logged).
    public init(
        label: String,
        output: any LogOutput = FileDescriptorLogOutput.standardError,
        metadataProvider: Logger.MetadataProvider? = nil,
        includeSource: Bool = true
    ) {
        self.label = label
        self.output = output
        self.metadataProvider = metadataProvider
        self.includeSource = includeSource
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
        var line = ""
        line.reserveCapacity(128 + 48 * metadata.count)
        line.append("{\"ts\":\"")
        line.append(LogTimestamp.now())
        line.append("\",\"level\":\"")
        line.append(event.level.rawValue)
        line.append("\",\"label\":")
        JSONText.appendString(self.label, to: &line)
        line.append(",\"message\":")
        JSONText.appendString(event.message.description, to: &line)
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            line.append(",")
            JSONText.appendString(Self.reservedKeys.contains(key) ? "metadata.\(key)" : key, to: &line)
            line.append(":")
            JSONText.appendValue(value, to: &line)
        }
        if self.includeSource {
            line.append(",\"source\":")
            JSONText.appendString(event.source, to: &line)
        }
        line.append("}\n")
        self.output.write(line: line)
    }
}
