import Logging

/// The process-wide logging set-up every Till executable uses.
///
/// Every handler is a ``RedactingLogHandler`` around the JSON or text handler, so no logger in the
/// process — ours, Hummingbird's, swift-service-lifecycle's — can write around the redactor.
public enum TillLogging {
    /// Installs Till's log handlers for the whole process.
    ///
    /// Call it once, first thing in `main` (swift-log allows one bootstrap per process; a second call
    /// traps). Libraries never call it: they take an injected `Logger`.
    ///
    /// - Parameters:
    ///   - service: The service's name, added to every line as `service`.
    ///   - level: The lowest level written.
    ///   - format: JSON lines for machines or text for people.
    ///   - redactor: Applied to every message and metadata value before it is written.
    ///   - metadataProvider: Metadata added to every event (for example a task-local trace id).
    public static func bootstrap(
        service: String,
        level: Logger.Level,
        format: LogFormat,
        redactor: any LogRedactor,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        LoggingSystem.bootstrap(
            { label, provider in
                self.makeHandler(
                    label: label,
                    service: service,
                    level: level,
                    format: format,
                    redactor: redactor,
                    metadataProvider: provider
                )
            },
            metadataProvider: metadataProvider
        )
    }

    /// The handler ``bootstrap(service:level:format:redactor:metadataProvider:)`` installs for a
    /// logger labelled `label`; tests build one directly with an in-memory `output`.
    public static func makeHandler(
        label: String,
        service: String,
        level: Logger.Level,
        format: LogFormat,
        redactor: any LogRedactor,
        output: any LogOutput = FileDescriptorLogOutput.standardError,
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> RedactingLogHandler {
        var inner: any LogHandler
        switch format {
        case .json:
            inner = JSONLogHandler(label: label, output: output, metadataProvider: metadataProvider)
        case .text:
            inner = TextLogHandler(label: label, output: output, metadataProvider: metadataProvider)
        }
        inner.logLevel = level
        inner.metadata = ["service": .string(service)]
        return RedactingLogHandler(wrapping: inner, redactor: redactor)
    }
}
